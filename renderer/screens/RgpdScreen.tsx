import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { Output } from '../../shared/contract.ts';
import { keptBackups } from '../../shared/domain/backup.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { patronFieldLabels, patronFields } from '../../shared/domain/patron.ts';
import {
  type NoExpiryRule,
  noExpiryRuleLabels,
  noExpiryRuleSentences,
  noExpiryRules,
  type Retention,
} from '../../shared/domain/retention.ts';
import { formatInteger } from '../../shared/format.ts';
import { api } from '../api.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { Stat } from '../components/Stat.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { useConfirmedAction } from '../components/useConfirmedAction.ts';
import { countFr } from '../format.ts';

/** The retention rule (stored, then a preview and a confirmed purge) and the register of the processing. */
export function RgpdScreen() {
  const stored = useApi('retention.get', {});
  const preview = useApi('patron.purgePreview', {});
  const [purged, setPurged] = useState<Output<'patron.purge'> | null>(null);
  const purge = useConfirmedAction(
    () => api.call('patron.purge', {}),
    (result) => {
      setPurged(result);
      preview.reload();
    },
  );

  return (
    <Stack gap="md" maw={1100}>
      <Breadcrumbs>
        <Anchor component={Link} to="/lecteurs">
          Lecteurs
        </Anchor>
        <Text>Conservation (RGPD)</Text>
      </Breadcrumbs>
      <Title order={2}>Conservation des données des lecteurs</Title>

      <LoadState state={stored}>
        {(rule) => (
          <RuleForm
            rule={rule}
            onSaved={() => {
              stored.reload();
              preview.reload();
              setPurged(null);
            }}
          />
        )}
      </LoadState>

      <Paper withBorder p="md" component="section" aria-labelledby="purge-title">
        <Stack gap="sm">
          <Title order={3} size="h4" id="purge-title">
            Suppression selon la règle
          </Title>
          {preview.data && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={560}>
              <Stat
                label="Lecteurs à supprimer"
                value={formatInteger(preview.data.count)}
                hint={`fin d’inscription avant le ${formatDateFr(preview.data.cutoff)}`}
              />
              <Stat
                label="Date limite"
                value={formatDateFr(preview.data.cutoff)}
                hint={stored.data ? `aujourd’hui moins ${stored.data.months} mois` : undefined}
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
                    <Table.Td>
                      {patron.expiresOn ? formatDateFr(patron.expiresOn) : 'non renseignée'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {purged && (
            <Alert color="teal" role="status" title="Suppression faite">
              {countFr(purged.purged, 'lecteur supprimé', 'lecteurs supprimés')} (fin d’inscription avant le{' '}
              {formatDateFr(purged.cutoff)}),{' '}
              {countFr(
                purged.backupsRemoved,
                'ancienne sauvegarde supprimée',
                'anciennes sauvegardes supprimées',
              )}{' '}
              avec eux ; une nouvelle sauvegarde a été faite juste après.
            </Alert>
          )}
          <Group>
            <Button
              color="red"
              disabled={preview.status !== 'ready' || (preview.data?.count ?? 0) === 0}
              onClick={() => purge.ask(true)}
            >
              {preview.data && preview.data.count > 0
                ? `Supprimer ${countFr(preview.data.count, 'lecteur', 'lecteurs')}…`
                : 'Aucun lecteur à supprimer'}
            </Button>
          </Group>
        </Stack>
      </Paper>

      {stored.data && <ProcessingRegister rule={stored.data} />}

      <ConfirmModal
        {...purge.modal}
        title="Supprimer définitivement ces lecteurs ?"
        confirmLabel={`Supprimer ${countFr(preview.data?.count ?? 0, 'lecteur', 'lecteurs')}`}
        cancelLabel="Ne rien supprimer"
        danger
      >
        <Text size="sm">
          {countFr(preview.data?.count ?? 0, 'lecteur', 'lecteurs')} dont l’inscription a pris fin avant le{' '}
          {preview.data ? formatDateFr(preview.data.cutoff) : '…'}{' '}
          {(preview.data?.count ?? 0) > 1 ? 'seront supprimés' : 'sera supprimé'} du registre, des rapports
          d’import et du serveur central. Les sauvegardes faites avant seront supprimées aussi (elles les
          contiennent) et remplacées par une sauvegarde faite juste après. Cette suppression ne peut pas être
          annulée.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

/** The rule, as staff choose it: how long after the end of registration, and without an end date. */
function RuleForm({ rule, onSaved }: { rule: Retention; onSaved: () => void }) {
  const [months, setMonths] = useState<number | string>(rule.months);
  const [noExpiry, setNoExpiry] = useState<NoExpiryRule>(rule.noExpiry);
  const save = useAction();
  const valid = Number.isInteger(Number(months)) && Number(months) >= 1 && Number(months) <= 120;
  const changed = Number(months) !== rule.months || noExpiry !== rule.noExpiry;

  async function submit() {
    if (!valid) return;
    const saved = await save.run(() => api.call('retention.update', { months: Number(months), noExpiry }));
    if (saved) onSaved();
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rule-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4" id="rule-title">
            Règle de conservation
          </Title>
          <NumberInput
            label="Durée de conservation après la fin de l’abonnement"
            suffix=" mois"
            value={months}
            onChange={setMonths}
            min={1}
            max={120}
            allowDecimal={false}
            allowNegative={false}
            error={valid ? undefined : 'Entre 1 et 120 mois.'}
            w={420}
          />
          <Radio.Group
            label="Lecteurs dont le fichier ne donne pas de date de fin d’abonnement"
            value={noExpiry}
            onChange={(value) => setNoExpiry(value as NoExpiryRule)}
          >
            <Stack gap={6} mt={6}>
              {noExpiryRules.map((value) => (
                <Radio key={value} value={value} label={noExpiryRuleLabels[value]} />
              ))}
            </Stack>
          </Radio.Group>
          <ErrorAlert error={save.error} />
          <Group>
            <Button type="submit" disabled={!valid || !changed} loading={save.busy}>
              Enregistrer la règle
            </Button>
            {!changed && (
              <Text size="sm" c="dimmed">
                Règle en vigueur sur ce poste.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** What is kept about patrons, why, how long, who sees it and what never is: the register, in plain words. */
function ProcessingRegister({ rule }: { rule: Retention }) {
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
          Tant que le lecteur est inscrit, puis {rule.months} mois après la fin de son abonnement. Sans date
          de fin dans le fichier de sa bibliothèque, {noExpiryRuleSentences[rule.noExpiry]}. Il est alors
          supprimé définitivement : de ce poste, des rapports d’import qui le nomment, et du serveur central
          (les autres postes le suppriment à leur synchronisation). Les valeurs gardées pour annuler un import
          partent avec lui, et les rapports d’import plus anciens que la date limite sont vidés. Les fichiers
          importés depuis un dossier surveillé (commande « import watch ») restent, avec leur rapport, dans
          son sous-dossier « traités » : l’application ne les supprime pas, ils sont à effacer à la main.
        </RegisterEntry>
        <RegisterEntry title="Sauvegardes">
          Une copie complète de la base est faite chaque jour, avant chaque import et avant chaque mise à jour
          du schéma, dans le dossier « sauvegardes » à côté de la base ; les {keptBackups} plus récentes sont
          gardées. Une sauvegarde de plus de {rule.months} mois est supprimée, et une suppression selon la
          règle supprime toutes les sauvegardes faites avant elle (elles contenaient les lecteurs supprimés),
          remplacées par une sauvegarde faite juste après.
        </RegisterEntry>
        <RegisterEntry title="Qui les voit">
          Le personnel de la Bibliothèque départementale, dans cette application. Sur le serveur central, les
          comptes « admin » et « agent » reçoivent les lecteurs ; un compte « lecture » (reader) les reçoit
          sans nom, prénom, date de naissance ni courriel, sauf si un administrateur le lui accorde. Chaque
          import, annulation, examen de doublon et suppression est daté et signé du nom de l’agent dans le
          journal ; les connexions au serveur central sont tracées et ces traces supprimées après 400 jours.
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
