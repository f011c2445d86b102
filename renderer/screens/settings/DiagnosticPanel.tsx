import { Alert, Button, Code, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

/** "Exporter un diagnostic": what to send when asking for help, without any patron data. */
export function DiagnosticPanel() {
  const action = useAction();
  const [result, setResult] = useState<Output<'diagnostic.export'> | null>(null);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4">
            Diagnostic
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            Un dossier à joindre à une demande d’aide : journaux de l’application, versions (application,
            Electron, Node.js, SQLite, schéma), réglages et nombre de lignes de chaque table. Aucune donnée de
            lecteur (nom, carte, courriel) n’y figure.
          </Text>
        </div>
        <Button
          variant="default"
          loading={action.busy}
          onClick={async () => {
            const written = await action.run(() => api.call('diagnostic.export', {}));
            if (written) setResult(written);
          }}
        >
          Exporter un diagnostic
        </Button>
      </Group>
      <ErrorAlert error={action.error} />
      {result && (
        <Alert color="green" py="xs" mt="sm" role="status">
          Diagnostic écrit ({result.files.length} fichiers) dans <Code>{result.folder}</Code>
        </Alert>
      )}
    </Paper>
  );
}
