import { Alert, List, Stack, Text } from '@mantine/core';
import type { Output } from '../../../shared/contract.ts';
import { countFr } from '../../format.ts';

/** What an undo did, and which patrons it left alone because they changed since the import. */
export function UndoResult({ result }: { result: Output<'import.undo'> }) {
  return (
    <Alert color="teal" title="Import annulé" role="status">
      <Stack gap={6}>
        <Text size="sm">
          {countFr(result.removed, 'lecteur retiré', 'lecteurs retirés')} ;{' '}
          {countFr(result.restored, 'lecteur rétabli', 'lecteurs rétablis')} dans leur état d’avant l’import.
        </Text>
        {result.kept.length > 0 && (
          <div>
            <Text size="sm" fw={600} c="orange.9">
              {countFr(
                result.kept.length,
                'lecteur modifié depuis l’import a été conservé tel quel',
                'lecteurs modifiés depuis l’import ont été conservés tels quels',
              )}{' '}
              :
            </Text>
            <List size="sm" spacing={0}>
              {result.kept.map((patron) => (
                <List.Item key={patron.id}>
                  {patron.lastName} {patron.firstName ?? ''} — carte {patron.cardNumber}
                </List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
