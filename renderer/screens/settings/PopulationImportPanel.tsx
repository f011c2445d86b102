import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { MillesimeImportResult } from '../../../shared/domain/millesime.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { readAsBase64 } from '../../components/files.ts';
import { useAction } from '../../components/useAction.ts';
import { countFr } from '../../format.ts';

const kinds = [
  { value: 'insee', label: 'INSEE — populations municipale et totale' },
  { value: 'dgf', label: 'DGF — population DGF' },
];

/**
 * Loads a vintage of legal (or DGF) populations from INSEE's file. The import replaces that vintage's
 * figures, so the file, year and kind are restated for confirmation first; then what was read is reported.
 */
export function PopulationImportPanel({
  current,
  onImported,
}: {
  /** The millésime shown across the app (the newest with municipale figures). */
  current: number | null;
  onImported: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [year, setYear] = useState<number | string>(new Date().getFullYear() - 3);
  const [kind, setKind] = useState<'insee' | 'dgf'>('insee');
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<MillesimeImportResult | null>(null);
  const action = useAction();

  async function importFile() {
    if (!file) return;
    const imported = await action.run(async () =>
      api.call('millesime.import', {
        fileName: file.name,
        content: await readAsBase64(file),
        year: Number(year),
        kind,
      }),
    );
    if (imported) {
      setConfirming(false);
      setResult(imported);
      onImported();
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4">
            Importer des populations légales
          </Title>
          <Text size="sm" c="dimmed">
            Fichier de l’INSEE (CSV ou classeur XLSX, colonnes COM / PMUN / PTOT) ou de la DGF. Seules les
            communes des EPCI du département sont retenues.
          </Text>
        </div>
        <Group align="flex-end">
          <FileInput
            label="Fichier"
            placeholder="Choisir un fichier CSV ou XLSX"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={(picked) => {
              setFile(picked);
              setResult(null);
            }}
            clearable
            w={320}
          />
          <NumberInput label="Millésime" value={year} onChange={setYear} min={2006} max={2100} w={120} />
          <Select
            label="Type de fichier"
            data={kinds}
            value={kind}
            onChange={(value) => value && setKind(value as 'insee' | 'dgf')}
            allowDeselect={false}
            w={320}
          />
          <Button
            disabled={!file || !Number.isInteger(Number(year))}
            onClick={() => {
              action.clear();
              setConfirming(true);
            }}
          >
            Importer…
          </Button>
        </Group>
        {result && <ImportReport result={result} />}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={`Importer le millésime ${year} ?`}
        confirmLabel="Importer"
        busy={action.busy}
        error={action.error}
        onConfirm={importFile}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">
          « {file?.name} » ({formatBytesFr(file?.size ?? 0)}) sera lu comme un fichier{' '}
          {kind === 'dgf' ? 'de populations DGF' : 'de populations légales INSEE'} du millésime {year}, en
          vigueur le 1er janvier {Number(year) + 3}. Les chiffres déjà chargés pour ce millésime et ces
          communes seront remplacés ; les conventions qui l’utilisent en dépendent.
        </Text>
        {kind === 'insee' && current !== null && Number(year) > current && (
          <Alert color="orange" py="xs">
            {year} est plus récent que le millésime affiché ({current}) : il le remplacera partout
            (populations des collectivités, population couverte). Vérifiez que le fichier couvre toutes les
            communes.
          </Alert>
        )}
      </ConfirmModal>
    </Paper>
  );
}

/** Enough names to recognise a wrong file; a file of another area would list hundreds. */
const shownMissing = 30;

function ImportReport({ result }: { result: MillesimeImportResult }) {
  return (
    <Alert color="teal" title={`Millésime ${result.millesime} importé`} role="status">
      <Stack gap={6}>
        <Text size="sm">
          {countFr(result.communes, 'commune écrite', 'communes écrites')} ({result.bases.join(', ')}) ;{' '}
          {countFr(result.ignored, 'ligne ignorée', 'lignes ignorées')} (communes hors des EPCI du
          département). Source : {result.source}.
        </Text>
        {result.missing.length > 0 && (
          <div>
            <Text size="sm" fw={600} c="orange.9">
              {countFr(result.missing.length, 'commune', 'communes')} sans chiffre dans ce fichier :
            </Text>
            <Text size="sm">
              {result.missing
                .slice(0, shownMissing)
                .map((c) => `${c.name} (${c.insee})`)
                .join(', ')}
              {result.missing.length > shownMissing &&
                ` … et ${result.missing.length - shownMissing} autres.`}
            </Text>
          </div>
        )}
        {result.rejected.length > 0 && (
          <div>
            <Text size="sm" fw={600} c="red.8">
              {countFr(result.rejected.length, 'ligne illisible', 'lignes illisibles')} :
            </Text>
            <List size="sm" spacing={0}>
              {result.rejected.map((row) => (
                <List.Item key={row.line}>
                  ligne {row.line} : {row.reason}
                </List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
