import { Alert, List, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useStaff } from '../../app/staff.tsx';
import { countFr } from '../../format.ts';
import { StaffNamePanel } from '../settings/StaffNamePanel.tsx';
import { type Counts, modeLabels, type Summary } from './labels.ts';

/** What committing writes, in one button's words: "Enregistrer 4 lecteurs". */
export function commitLabel(counts: Counts): string {
  const written = counts.created + counts.updated;
  if (written > 0) return `Enregistrer ${countFr(written, 'lecteur', 'lecteurs')}`;
  if (counts.unregistered > 0) return `Désinscrire ${countFr(counts.unregistered, 'lecteur', 'lecteurs')}`;
  return 'Enregistrer l’import';
}

/** Nothing to write: every row rejected or excluded. */
export function nothingToCommit(counts: Counts): boolean {
  return counts.created + counts.updated + counts.unregistered + counts.unchanged === 0;
}

/**
 * Step 4: the summary of what will be written and the profile's name; the button that writes sits with
 * the wizard's others.
 */
export function ConfirmStep({
  summary,
  counts,
  libraryName,
  profile,
  onProfile,
}: {
  summary: Summary;
  counts: Counts;
  libraryName: string;
  profile: string;
  onProfile: (profile: string) => void;
}) {
  const { staffName } = useStaff();
  const nothing = nothingToCommit(counts);
  return (
    <Stack gap="md" maw={760}>
      <Paper withBorder p="md" component="section" aria-label="Ce qui sera enregistré">
        <Stack gap="xs">
          <Text size="sm">
            Bibliothèque <b>{libraryName}</b> — fichier « {summary.fileName} » — import{' '}
            {modeLabels[summary.mode]}.
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              <b>{countFr(counts.created, 'nouveau lecteur', 'nouveaux lecteurs')}</b> à ajouter
            </List.Item>
            <List.Item>
              <b>{countFr(counts.updated, 'lecteur modifié', 'lecteurs modifiés')}</b>
              {counts.updated > 0 && ' (valeurs précédentes gardées pour pouvoir annuler)'}
            </List.Item>
            <List.Item>{countFr(counts.unchanged, 'lecteur inchangé', 'lecteurs inchangés')}</List.Item>
            {summary.mode === 'full' && (
              <List.Item>
                <b>
                  {countFr(
                    counts.unregistered,
                    'lecteur absent du fichier ne sera plus inscrit',
                    'lecteurs absents du fichier ne seront plus inscrits',
                  )}
                </b>
              </List.Item>
            )}
            {counts.rejected > 0 && (
              <List.Item>
                <Text span size="sm" c="red.8">
                  {countFr(counts.rejected, 'ligne rejetée', 'lignes rejetées')}, non importée
                  {counts.rejected > 1 ? 's' : ''} (listée{counts.rejected > 1 ? 's' : ''} dans le rapport)
                </Text>
              </List.Item>
            )}
            {counts.excluded > 0 && (
              <List.Item>{countFr(counts.excluded, 'ligne exclue', 'lignes exclues')} par vous</List.Item>
            )}
            {summary.mode === 'full' && counts.rejected + counts.excluded > 0 && (
              <List.Item>
                Un lecteur déjà inscrit dont la ligne est rejetée ou exclue reste inscrit, sans changement
              </List.Item>
            )}
            {counts.warnings > 0 && (
              <List.Item>
                {countFr(
                  counts.warnings,
                  'ligne importée avec un avertissement',
                  'lignes importées avec un avertissement',
                )}{' '}
                (dans le rapport)
              </List.Item>
            )}
            {counts.expired > 0 && (
              <List.Item>
                {countFr(counts.expired, 'abonnement expiré', 'abonnements expirés')}, importé
                {counts.expired > 1 ? 's' : ''} tel{counts.expired > 1 ? 's' : ''} quel
                {counts.expired > 1 ? 's' : ''} (ce n’est pas une erreur du fichier)
              </List.Item>
            )}
            {counts.possibleDuplicates > 0 && (
              <List.Item>
                {countFr(
                  counts.possibleDuplicates,
                  'doublon possible signalé',
                  'doublons possibles signalés',
                )}{' '}
                (à examiner dans « Lecteurs »)
              </List.Item>
            )}
          </List>
        </Stack>
      </Paper>
      <TextInput
        label="Nom du profil de colonnes"
        description="Les correspondances de colonnes de ce fichier seront retenues sous ce nom pour le prochain fichier de cette bibliothèque."
        value={profile}
        onChange={(event) => onProfile(event.currentTarget.value)}
        maxLength={60}
        w={520}
      />
      {staffName === '' ? (
        <StaffNamePanel />
      ) : (
        staffName && (
          <Text size="sm" c="dimmed">
            L’import sera signé « {staffName} » dans l’historique. Il pourra être annulé ensuite.
          </Text>
        )
      )}
      {nothing && (
        <Alert color="orange" py="xs">
          Aucune ligne importable : corrigez ou réintégrez des lignes à l’étape « Aperçu ».
        </Alert>
      )}
    </Stack>
  );
}
