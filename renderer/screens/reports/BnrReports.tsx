import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api.ts';
import { saveFile } from '../../components/download.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

/**
 * The exports asked for outside the contributions (issue 18, item 3): the « Dossier BNR » over the three
 * years up to the chosen one, and the yearly survey's digital-resources figures of the chosen year.
 */
export function BnrReports({ year }: { year: number }) {
  const dossier = useAction();
  const survey = useAction();

  async function download(
    action: ReturnType<typeof useAction>,
    work: () => Promise<{ fileName: string; content: string }>,
  ) {
    const file = await action.run(work);
    if (file) await saveFile(file.fileName, file.content);
  }

  return (
    <Paper withBorder p="sm" component="section" aria-label="Dossier BNR et enquête annuelle">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Dossier BNR et enquête annuelle
        </Title>
        <Text size="sm">
          Le « Dossier BNR » ({year - 2} à {year}) : le territoire (EPCI, populations, couverture), les
          bibliothèques, le budget de chaque année et les usages. L’enquête annuelle du ministère : les
          chiffres des ressources numériques de {year}, chacun relié par une formule à la feuille d’où il
          vient.
        </Text>
        <Group>
          <Button
            variant="default"
            loading={dossier.busy}
            onClick={() => void download(dossier, () => api.call('report.bnr', { from: year - 2, to: year }))}
          >
            Télécharger le dossier BNR
          </Button>
          <Button
            variant="default"
            loading={survey.busy}
            onClick={() => void download(survey, () => api.call('report.survey', { year }))}
          >
            Télécharger les chiffres de l’enquête {year}
          </Button>
        </Group>
        <ErrorAlert error={dossier.error} title="Dossier BNR non produit" />
        <ErrorAlert error={survey.error} title="Chiffres de l’enquête non produits" />
      </Stack>
    </Paper>
  );
}
