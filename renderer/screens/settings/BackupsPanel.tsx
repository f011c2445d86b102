import { Alert, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { type Backup, backupReasonLabel } from '../../../shared/domain/backup.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';
import { formatDateTimeFr } from '../../format.ts';

/**
 * The database's backups: taken every day, before each import and each schema update, or now on demand;
 * any of them can be put back, after a confirmation that says exactly what will happen.
 */
export function BackupsPanel({ onRestored }: { onRestored?: () => void }) {
  const backups = useApi('backup.list', {});
  const create = useAction();
  const restore = useConfirmedAction(
    (backup: Backup) => api.call('backup.restore', { id: backup.id }),
    (result) => {
      setRestored(result);
      setCreated(null);
      backups.reload();
      onRestored?.();
    },
  );
  const [restored, setRestored] = useState<Output<'backup.restore'> | null>(null);
  const [created, setCreated] = useState<Backup | null>(null);

  async function backupNow() {
    const made = await create.run(() => api.call('backup.create', {}));
    if (made) {
      setCreated(made);
      setRestored(null);
      backups.reload();
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              Sauvegardes
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              Une copie complète de la base est faite chaque jour, avant chaque import de lecteurs et avant
              chaque mise à jour du schéma. Les 14 plus récentes sont gardées, dans le dossier « sauvegardes »
              à côté de la base.
            </Text>
          </div>
          <Button onClick={backupNow} loading={create.busy}>
            Sauvegarder maintenant
          </Button>
        </Group>
        <ErrorAlert error={create.error} />
        {created && (
          <Alert color="green" py="xs" role="status">
            Sauvegarde faite : <Code>{created.file}</Code>
          </Alert>
        )}
        {restored && (
          <Alert color="green" py="xs" role="status" title="Sauvegarde restaurée">
            La base est revenue à l’état du {formatDateTimeFr(restored.restored.at)}. La base telle qu’elle
            était juste avant est gardée comme sauvegarde « {backupReasonLabel(restored.safetyCopy.reason)} »
            du {formatDateTimeFr(restored.safetyCopy.at)} : la restauration peut donc être défaite.
          </Alert>
        )}
        <LoadState state={backups}>
          {(list) =>
            list.length === 0 ? (
              <Text size="sm">Aucune sauvegarde pour l’instant.</Text>
            ) : (
              <Table fz="sm" verticalSpacing={4} striped aria-label="Sauvegardes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Motif</Table.Th>
                    <Table.Th ta="right">Taille</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((backup) => (
                    <Table.Tr key={backup.id}>
                      <Table.Td>{formatDateTimeFr(backup.at)}</Table.Td>
                      <Table.Td>{backupReasonLabel(backup.reason)}</Table.Td>
                      <Table.Td ta="right">{formatBytesFr(backup.size)}</Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="orange"
                          aria-label={`Restaurer la sauvegarde du ${formatDateTimeFr(backup.at)}`}
                          onClick={() => {
                            restore.ask(backup);
                          }}
                        >
                          Restaurer…
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </LoadState>
      </Stack>
      <ConfirmModal {...restore.modal} title="Restaurer cette sauvegarde ?" confirmLabel="Restaurer" danger>
        {restore.item && <RestoreExplanation backup={restore.item} />}
      </ConfirmModal>
    </Paper>
  );
}

function RestoreExplanation({ backup }: { backup: Backup }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        La base de données reviendra exactement à son état du <strong>{formatDateTimeFr(backup.at)}</strong>{' '}
        (sauvegarde {backupReasonLabel(backup.reason)}).
      </Text>
      <Text size="sm">
        Tout ce qui a été saisi ou importé depuis — collectivités, conventions, bibliothèques, lecteurs,
        journal — disparaîtra de la base.
      </Text>
      <Text size="sm">
        Avant cela, la base actuelle est elle-même sauvegardée : vous pourrez revenir en arrière en restaurant
        cette copie « avant une restauration ». La sauvegarde choisie est vérifiée d’abord ; si elle est
        endommagée, rien n’est modifié.
      </Text>
    </Stack>
  );
}
