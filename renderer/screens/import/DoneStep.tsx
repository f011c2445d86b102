import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Output } from '../../../shared/contract.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { Stat } from '../../components/Stat.tsx';
import { useAction } from '../../components/useAction.ts';
import { countFr } from '../../format.ts';
import type { Counts, ImportMode } from './labels.ts';
import { ReportButtons } from './ReportButtons.tsx';
import { RowsBar } from './RowsBar.tsx';
import { UndoResult } from './UndoResult.tsx';

/** Step 5: what was written, the report to send back to the library, and the way to undo it all. */
export function DoneStep({
  batchId,
  counts,
  mode,
  fileName,
  libraryId,
  libraryName,
  participating,
  onAnother,
}: {
  batchId: string;
  counts: Counts;
  mode: ImportMode;
  fileName: string;
  libraryId: string;
  libraryName: string;
  /** Whether the library takes part in the service: its patrons get in only then. */
  participating: boolean;
  onAnother: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [undone, setUndone] = useState<Output<'import.undo'> | null>(null);
  const action = useAction();
  const reported = counts.rejected + counts.warnings;

  async function undo() {
    const result = await action.run(() => api.call('import.undo', { batchId }));
    if (result) {
      setConfirming(false);
      setUndone(result);
    }
  }

  return (
    <Stack gap="md">
      {undone ? (
        <UndoResult result={undone} />
      ) : (
        <Alert color="teal" title="Import enregistré" role="status">
          « {fileName} » est enregistré pour {libraryName}.
        </Alert>
      )}
      {!undone && !participating && (
        <Alert color="orange" title="Ces lecteurs n’ont pas encore accès à la médiathèque numérique">
          {libraryName} ne participe pas encore au service : ses lecteurs sont enregistrés, mais aucun ne peut
          se connecter aux plateformes. Quand la bibliothèque rejoint le service, cochez « Participe à la
          médiathèque numérique » sur{' '}
          <Anchor component={Link} to={`/bibliotheques/${libraryId}`} c="inherit" fw={700} underline="always">
            sa fiche
          </Anchor>
          .
        </Alert>
      )}
      {/* Rows of four: eight in one row overflowed « AVERTISSEMENTS » on a 1366-pixel screen. */}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="Nouveaux" value={formatInteger(counts.created)} />
        <Stat label="Modifiés" value={formatInteger(counts.updated)} />
        <Stat label="Inchangés" value={formatInteger(counts.unchanged)} />
        <Stat label="Rejetés" value={formatInteger(counts.rejected)} hint="non importés" />
        <Stat label="Avertissements" value={formatInteger(counts.warnings)} hint="importés, à corriger" />
        <Stat
          label="Abonnements expirés"
          value={formatInteger(counts.expired)}
          hint="importés, rien à corriger"
        />
        <Stat label="Doublons possibles" value={formatInteger(counts.possibleDuplicates)} />
        {mode === 'full' && <Stat label="Désinscrits" value={formatInteger(counts.unregistered)} />}
      </SimpleGrid>
      <RowsBar counts={counts} />
      <Paper withBorder p="md" component="section" aria-labelledby="report-title">
        <Stack gap="xs">
          <Title order={3} size="h5" id="report-title">
            Rapport pour la bibliothèque
          </Title>
          <Text size="sm" c="dimmed">
            {reported === 0
              ? 'Aucune ligne rejetée ni signalée : le rapport ne contient que ses en-têtes.'
              : `${countFr(reported, 'ligne rejetée ou à corriger', 'lignes rejetées ou à corriger')}, avec leurs motifs, à renvoyer à la bibliothèque pour qu’elle corrige son fichier. Les abonnements expirés n’y figurent pas : ce ne sont pas des erreurs du fichier.`}
          </Text>
          <ReportButtons batchId={batchId} />
        </Stack>
      </Paper>
      <Group>
        <Button component={Link} to={`/lecteurs?bibliotheque=${libraryId}`} variant="default">
          Voir les lecteurs de la bibliothèque
        </Button>
        <Button variant="default" onClick={onAnother}>
          Importer un autre fichier
        </Button>
        {!undone && (
          <Button
            color="red"
            variant="outline"
            onClick={() => {
              action.clear();
              setConfirming(true);
            }}
          >
            Annuler cet import…
          </Button>
        )}
      </Group>
      <ConfirmModal
        opened={confirming}
        title="Annuler cet import ?"
        confirmLabel="Annuler l’import"
        cancelLabel="Garder l’import"
        danger
        busy={action.busy}
        error={action.error}
        onConfirm={() => void undo()}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">
          {countFr(
            counts.created,
            'lecteur ajouté par cet import sera retiré',
            'lecteurs ajoutés par cet import seront retirés',
          )}
          .
          {counts.updated + counts.unregistered > 0 &&
            ` ${countFr(counts.updated + counts.unregistered, 'lecteur modifié retrouvera ses valeurs', 'lecteurs modifiés retrouveront leurs valeurs')} d’avant l’import.`}
        </Text>
        <Text size="sm" c="dimmed">
          Un lecteur modifié depuis l’import (par un autre import ou l’examen d’un doublon) est conservé tel
          quel.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
