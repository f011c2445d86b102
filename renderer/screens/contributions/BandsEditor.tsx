import type { UseFormReturnType } from '@mantine/form';
import { BandsEditor as Bands } from '../../components/BandsEditor.tsx';
import type { DraftScenario } from './scenarios.ts';

/** A scenario convention's degressive bands: the shared editor (components/BandsEditor.tsx) on its row. */
export function BandsEditor({ form, index }: { form: UseFormReturnType<DraftScenario>; index: number }) {
  const number = index + 1;
  const convention = form.values.conventions[index];
  return (
    <Bands
      form={form}
      path={`conventions.${index}.bands`}
      bands={convention?.bands ?? []}
      rate={convention?.rate ?? ''}
      subject={`convention ${number}`}
      addLabel={`Ajouter des tranches dégressives à la convention ${number}`}
      note="Hypothèse de négociation : les tranches servent aux scénarios, à la comparaison et au classeur ; une convention signée les reprend dans sa fiche."
    />
  );
}
