import { Alert, Anchor, Button, Group, Paper, Radio, Select, Stack, Text } from '@mantine/core';
import { type DragEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Library } from '../../../shared/domain/library.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PickFileButton } from '../../components/PickFileButton.tsx';
import { useAction } from '../../components/useAction.ts';
import { type ChosenFile, chosenBlob, sizeProblem } from './chosen-file.ts';
import type { ImportMode } from './labels.ts';

const accepted =
  '.csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Step 1: whose patrons, which file (picked or dropped), and whether the file is the whole list. */
export function FileStep({
  libraries,
  libraryId,
  onLibrary,
  file,
  onFile,
  mode,
  onMode,
  staffName,
  busy,
  onRead,
}: {
  libraries: Library[];
  libraryId: string | null;
  onLibrary: (id: string | null) => void;
  file: ChosenFile | null;
  onFile: (file: ChosenFile) => void;
  mode: ImportMode;
  onMode: (mode: ImportMode) => void;
  staffName: string | null;
  busy: boolean;
  onRead: () => void;
}) {
  const [over, setOver] = useState(false);
  const picking = useAction();
  const tooLarge = file ? sizeProblem(file) : null;

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(chosenBlob(dropped));
  }

  /** The desktop's dialog: the services keep the path, the file never crosses to the page. */
  async function pickNatively() {
    const picked = await picking.run(() => api.call('desktop.pickImportFile', {}));
    if (picked?.file)
      onFile({ name: picked.file.fileName, size: picked.file.size, fileId: picked.file.fileId });
  }

  return (
    <Stack gap="md" maw={760}>
      {staffName === '' && (
        <Alert color="orange" py="xs">
          Votre nom n’est pas renseigné : l’enregistrement de l’import sera refusé tant qu’il manque (vous
          pourrez l’indiquer à l’étape « Confirmation » ou dans{' '}
          <Anchor component={Link} to="/reglages" c="inherit" fw={700} underline="always">
            Réglages
          </Anchor>
          ).
        </Alert>
      )}
      <Select
        label="Bibliothèque"
        description="Les lecteurs du fichier seront inscrits dans cette bibliothèque."
        placeholder="Choisir la bibliothèque"
        data={libraries.map((l) => ({ value: l.id, label: `${l.name} (${l.communeName})` }))}
        value={libraryId}
        onChange={onLibrary}
        searchable
        nothingFoundMessage="Aucune bibliothèque de ce nom"
        w={480}
      />
      {libraries.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune bibliothèque enregistrée :{' '}
          <Anchor component={Link} to="/bibliotheques">
            ajoutez-la d’abord
          </Anchor>
          .
        </Text>
      )}
      <Paper
        withBorder
        p="lg"
        component="section"
        aria-label="Fichier des lecteurs"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: over ? 'var(--mantine-color-teal-6)' : undefined,
          background: over ? 'var(--mantine-color-teal-0)' : 'var(--mantine-color-gray-0)',
        }}
      >
        <Stack gap="xs" align="center">
          <Text fw={600}>Fichier des lecteurs</Text>
          <Text size="sm" c="dimmed" ta="center">
            Déposez ici l’export du logiciel de la bibliothèque (CSV ou classeur Excel .xlsx), ou
          </Text>
          <PickFileButton
            purpose="patrons"
            accept={accepted}
            onFile={(blob) => onFile(chosenBlob(blob))}
            onNative={() => void pickNatively()}
          >
            Choisir un fichier…
          </PickFileButton>
          {file ? (
            <Text size="sm" aria-live="polite">
              Fichier choisi : <b>{file.name}</b> ({formatBytesFr(file.size)})
            </Text>
          ) : (
            <Text size="sm" c="dimmed" aria-live="polite">
              Aucun fichier choisi.
            </Text>
          )}
        </Stack>
      </Paper>
      <ErrorAlert error={picking.error} title="Fichier refusé" />
      {tooLarge && (
        <Alert color="red" title="Fichier trop volumineux" role="alert">
          {tooLarge}
        </Alert>
      )}
      <Radio.Group label="Type d’import" value={mode} onChange={(value) => onMode(value as ImportMode)}>
        <Stack gap="sm" mt="xs">
          <Radio
            value="incremental"
            label="Incrémental : ajouter et mettre à jour"
            description="Les nouveaux lecteurs sont ajoutés, ceux déjà connus (même n° de carte) sont mis à jour. Les lecteurs absents du fichier restent inscrits."
          />
          <Radio
            value="full"
            label="Complet : le fichier est la liste entière"
            description="Le fichier contient tous les lecteurs inscrits de la bibliothèque : les lecteurs absents du fichier ne seront plus inscrits."
          />
        </Stack>
      </Radio.Group>
      <Group>
        <Button onClick={onRead} disabled={!file || !libraryId || tooLarge !== null} loading={busy}>
          Lire le fichier
        </Button>
        {(!file || !libraryId) && (
          <Text size="sm" c="dimmed">
            Choisissez la bibliothèque et le fichier.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
