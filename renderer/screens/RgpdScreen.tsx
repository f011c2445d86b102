import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { Output } from '../../shared/contract.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { patronFieldLabels, patronFields } from '../../shared/domain/patron.ts';
import { formatInteger } from '../../shared/format.ts';
import { api } from '../api.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Stat } from '../components/Stat.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { countFr } from '../format.ts';

const defaultMonths = 12;

/** The retention rule (preview, then a confirmed purge) and the plain-French register of the processing. */
export function RgpdScreen() {
  const [months, setMonths] = useState<number | string>(defaultMonths);
  const valid = Number.isInteger(Number(months)) && Number(months) >= 1 && Number(months) <= 120;
  const [rule] = useDebouncedValue(valid ? Number(months) : defaultMonths, 300);
  const preview = useApi('patron.purgePreview', { months: rule });
  const [confirming, setConfirming] = useState(false);
  const [purged, setPurged] = useState<Output<'patron.purge'> | null>(null);
  const action = useAction();
  const settled = valid && rule === Number(months) && preview.status === 'ready';

  async function purge() {
    const result = await action.run(() => api.call('patron.purge', { months: rule }));
    if (result) {
      setConfirming(false);
      setPurged(result);
      preview.reload();
    }
  }

  return (
    <Stack gap="md" maw={1100}>
      <Breadcrumbs>
        <Anchor component={Link} to="/lecteurs">
          Lecteurs
        </Anchor>
        <Text>Conservation (RGPD)</Text>
      </Breadcrumbs>
      <Title order={2}>Conservation des données des lecteurs</Title>

      <Paper withBorder p="md" component="section" aria-labelledby="rule-title">
        <Stack gap="sm">
          <Title order={3} size="h4" id="rule-title">
            Règle de conservation
          </Title>
          <Group align="flex-end" gap="md">
            <NumberInput
              label="Durée de conservation après la fin de l’abonnement"
              suffix=" mois"
              value={months}
              onChange={(value) => {
                setMonths(value);
                setPurged(null);
              }}
              min={1}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              error={valid ? undefined : 'Entre 1 et 120 mois.'}
              w={420}
            />
          </Group>
          <Text size="sm">
            Un lecteur dont l’abonnement a pris fin depuis plus de {valid ? Number(months) : '…'} mois est
            supprimé définitivement, avec les valeurs gardées pour annuler un import. La suppression ne se
            fait qu’ici, après aperçu et confirmation.
          </Text>
          {preview.data && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={560}>
              <Stat
                label="Lecteurs à supprimer"
                value={formatInteger(preview.data.count)}
                hint={`abonnement terminé avant le ${formatDateFr(preview.data.cutoff)}`}
              />
              <Stat
                label="Date limite"
                value={formatDateFr(preview.data.cutoff)}
                hint={`aujourd’hui moins ${rule} mois`}
              />
            </SimpleGrid>
          )}
          <ErrorAlert error={preview.error} />
          {preview.data && preview.data.sample.length > 0 && (
            <Table
              striped
              fz="sm"
              verticalSpacing={4}
              aria-label="Exemples de lecteurs à supprimer"
              captionSide="top"
            >
              <Table.Caption style={{ textAlign: 'left' }}>
                {preview.data.count > preview.data.sample.length
                  ? `Les ${preview.data.sample.length} premiers, par date de fin d’abonnement`
                  : 'Les lecteurs concernés'}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Nom</Table.Th>
                  <Table.Th>N° de carte</Table.Th>
                  <Table.Th>Bibliothèque</Table.Th>
                  <Table.Th>Fin d’abonnement</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.data.sample.map((patron) => (
                  <Table.Tr key={patron.id}>
                    <Table.Td>
                      <b>{patron.lastName}</b> {patron.firstName ?? ''}
                    </Table.Td>
                    <Table.Td>{patron.cardNumber}</Table.Td>
                    <Table.Td>{patron.libraryName}</Table.Td>
                    <Table.Td>{patron.expiresOn ? formatDateFr(patron.expiresOn) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {purged && (
            <Alert color="teal" role="status" title="Suppression faite">
              {countFr(purged.purged, 'lecteur supprimé', 'lecteurs supprimés')} (abonnement terminé avant le{' '}
              {formatDateFr(purged.cutoff)}).
            </Alert>
          )}
          <Group>
            <Button
              color="red"
              disabled={!settled || (preview.data?.count ?? 0) === 0}
              onClick={() => {
                action.clear();
                setConfirming(true);
              }}
            >
              {preview.data && preview.data.count > 0
                ? `Supprimer ${countFr(preview.data.count, 'lecteur', 'lecteurs')}…`
                : 'Aucun lecteur à supprimer'}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <ProcessingRegister months={valid ? Number(months) : defaultMonths} />

      <ConfirmModal
        opened={confirming}
        title="Supprimer définitivement ces lecteurs ?"
        confirmLabel={`Supprimer ${countFr(preview.data?.count ?? 0, 'lecteur', 'lecteurs')}`}
        cancelLabel="Ne rien supprimer"
        danger
        busy={action.busy}
        error={action.error}
        onConfirm={() => void purge()}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">
          {countFr(
            preview.data?.count ?? 0,
            'lecteur dont l’abonnement a pris fin',
            'lecteurs dont l’abonnement a pris fin',
          )}{' '}
          avant le {preview.data ? formatDateFr(preview.data.cutoff) : '…'}{' '}
          {(preview.data?.count ?? 0) > 1 ? 'seront supprimés' : 'sera supprimé'} du registre. Cette
          suppression ne peut pas être annulée.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

/** What is kept about patrons, why, how long, who sees it and what never is: the register, in plain words. */
function ProcessingRegister({ months }: { months: number }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-title">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="register-title">
            Registre des traitements
          </Title>
          <Text size="sm" c="dimmed">
            Inscription des lecteurs des bibliothèques du réseau à la médiathèque numérique.
          </Text>
        </div>
        <RegisterEntry title="Pourquoi">
          Donner aux lecteurs inscrits dans une bibliothèque membre du réseau un accès gratuit à la
          médiathèque numérique : vérifier qu’une personne est inscrite, et compter les lecteurs et les
          personnes distinctes de chaque bibliothèque et de chaque collectivité.
        </RegisterEntry>
        <RegisterEntry title="Ce qui est conservé">
          <Text size="sm">Pour chaque lecteur, seulement :</Text>
          <List size="sm" spacing={0} mt={4} style={{ columns: 2 }}>
            {patronFields.map((field) => (
              <List.Item key={field}>{patronFieldLabels[field]}</List.Item>
            ))}
          </List>
          <Text size="sm" mt={4}>
            ainsi que sa bibliothèque, s’il est encore inscrit, et le signalement d’un doublon possible. Ces
            données viennent des fichiers exportés par les bibliothèques et importés ici.
          </Text>
        </RegisterEntry>
        <RegisterEntry title="Combien de temps">
          Tant que le lecteur est inscrit, puis {months} mois après la fin de son abonnement ; il est ensuite
          supprimé définitivement (règle ci-dessus). Les valeurs gardées pour annuler un import sont
          supprimées avec lui, et les rapports d’import (lignes rejetées, avec noms) plus anciens que la date
          limite sont vidés.
        </RegisterEntry>
        <RegisterEntry title="Qui les voit">
          Le personnel de la Bibliothèque départementale, dans cette application. Chaque import, annulation,
          examen de doublon et suppression est daté et signé du nom de l’agent dans le journal.
        </RegisterEntry>
        <RegisterEntry title="Ce qui n’est jamais enregistré">
          Les prêts et l’historique de lecture, les numéros de pièce d’identité, et toutes les autres colonnes
          des fichiers des bibliothèques (adresse, téléphone, notes…) : une colonne qui n’est associée à
          aucune des informations ci-dessus n’est jamais enregistrée.
        </RegisterEntry>
      </Stack>
    </Paper>
  );
}

function RegisterEntry({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {title}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
