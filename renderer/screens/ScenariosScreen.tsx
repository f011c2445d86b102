import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Scenario } from '../../shared/domain/contributions/index.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import {
  type ScenarioStatus,
  type StoredScenario,
  scenarioStatuses,
  scenarioStatusLabels,
} from '../../shared/domain/scenarios.ts';
import { api } from '../api.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { saveFile, saveText } from '../components/download.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { useConfirmedAction } from '../components/useConfirmedAction.ts';
import { displayedMillesime } from '../millesimes.ts';
import { Comparison } from './contributions/Comparison.tsx';
import { importLegacyDrafts } from './contributions/legacy-drafts.ts';
import { useColleaguesChanges } from './contributions/remote-scenarios.ts';
import { ScenarioEditor } from './contributions/ScenarioEditor.tsx';
import { useScenarioSaving } from './contributions/scenario-saving.ts';
import {
  checkDraft,
  type DraftScenario,
  draftFromJson,
  fileNameOf,
  nextYear,
  toDraft,
} from './contributions/scenarios.ts';
import { YearSelect } from './contributions/YearSelect.tsx';

const maxCompared = 4;

/** Where a scenario stands in the negotiation, as a badge. */
export const statusColors: Record<ScenarioStatus, string> = {
  brouillon: 'gray',
  presente: 'blue',
  retenu: 'green',
};

type Meta = Pick<StoredScenario, 'author' | 'notes' | 'status' | 'updatedAt'>;

/**
 * What-if contributions: scenarios stored in the database (shared with colleagues by the sync, kept in
 * backups), each with its status, author and notes; compared with the current situation for a year, a
 * sensitivity table, charts; scenarios travel as JSON files and the comparison as a workbook.
 */
export function ScenariosScreen() {
  const epcis = useApi('epci.list', {});
  const vintages = useApi('millesime.list', {});
  const [drafts, setDrafts] = useState<DraftScenario[] | null>(null);
  const [metas, setMetas] = useState<Map<string, Meta>>(new Map());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [compared, setCompared] = useState<string[]>([]);
  const [year, setYear] = useState(String(nextYear()));
  const [importErrors, setImportErrors] = useState<{ file: string; errors: string[] } | null>(null);
  const workbook = useAction();
  const loading = useAction();
  const edit = useAction();
  const storeMeta = useCallback((s: StoredScenario) => setMetas((map) => new Map(map).set(s.id, s)), []);
  const { saving, edited, remember, scheduleSave, cancel } = useScenarioSaving(storeMeta);

  const { run: load } = loading;
  const legacy = useAction();
  const { run: importLegacy } = legacy;
  useEffect(() => {
    void load(async () => {
      // The browser's old drafts cannot block the stored scenarios: their refusal is said apart.
      await importLegacy(importLegacyDrafts);
      const list = await api.call('scenario.list', {});
      for (const s of list) remember(s);
      const read = list.map((s) => ({ ...toDraft(s), id: s.id }));
      setDrafts(read);
      setActiveId(read[0]?.id ?? null);
      setCompared(read.slice(0, maxCompared).map((d) => d.id));
      return true;
    });
  }, [load, importLegacy, remember]);

  useColleaguesChanges({ edited, remember, setDrafts, setCompared, setActiveId });

  const list = drafts ?? [];
  const checks = useMemo(() => new Map(list.map((d) => [d.id, checkDraft(d)])), [list]);
  const active = list.find((d) => d.id === activeId) ?? null;
  const activeCheck = active ? checks.get(active.id) : undefined;
  const activeMeta = active ? metas.get(active.id) : undefined;
  const chosen: Scenario[] = compared.flatMap((id) => {
    const check = checks.get(id);
    return check?.ok ? [check.scenario] : [];
  });
  const defaultMillesime = vintages.data ? String(displayedMillesime(vintages.data) ?? '') : '';

  function add(scenario: StoredScenario) {
    remember(scenario);
    setDrafts((current) => [...(current ?? []), { ...toDraft(scenario), id: scenario.id }]);
    setActiveId(scenario.id);
    setCompared((ids) => (ids.length < maxCompared ? [...ids, scenario.id] : ids));
  }

  function update(draft: DraftScenario) {
    setDrafts((current) => (current ?? []).map((d) => (d.id === draft.id ? draft : d)));
    scheduleSave(draft, metas.get(draft.id)?.notes ?? '');
  }

  function setNotes(notes: string) {
    if (!active) return;
    const meta = metas.get(active.id);
    if (meta) setMetas((map) => new Map(map).set(active.id, { ...meta, notes }));
    scheduleSave(active, notes);
  }

  const removal = useConfirmedAction(
    async (draft: DraftScenario) => api.call('scenario.remove', { id: draft.id }),
    ({ id }) => {
      cancel(id);
      const rest = list.filter((d) => d.id !== id);
      setDrafts(rest);
      setCompared((ids) => ids.filter((i) => i !== id));
      setActiveId(rest[0]?.id ?? null);
    },
  );

  async function create() {
    const made = await edit.run(() =>
      api.call('scenario.save', { name: `Scénario ${list.length + 1}`, year: nextYear(), conventions: [] }),
    );
    if (made) add(made);
  }

  async function duplicate() {
    if (!active) return;
    const copy = await edit.run(() => api.call('scenario.duplicate', { id: active.id }));
    if (copy) add(copy);
  }

  async function changeStatus(status: ScenarioStatus) {
    if (!active) return;
    const changed = await edit.run(() => api.call('scenario.setStatus', { id: active.id, status }));
    if (changed) remember(changed);
  }

  async function importFile(file: File | null) {
    if (!file) return;
    const read = draftFromJson(await file.text());
    if (!read.ok) {
      setImportErrors({ file: file.name, errors: read.errors });
      return;
    }
    setImportErrors(null);
    const check = checkDraft(read.draft);
    if (!check.ok) return;
    const made = await edit.run(() => api.call('scenario.save', check.scenario));
    if (made) add(made);
  }

  async function exportWorkbook() {
    const file = await workbook.run(() =>
      api.call('report.financing', { year: Number(year), scenarios: chosen }),
    );
    if (file) saveFile(file.fileName, file.content);
  }

  const label = (d: DraftScenario) => d.name.trim() || 'Sans nom';

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Scénarios</Title>
        <Text size="sm" c="dimmed">
          Essayez d’autres conditions (taux, date de début, base de population…) et comparez-les avec les
          conventions enregistrées. Les scénarios sont enregistrés dans la base, partagés avec vos collègues
          par la synchronisation et gardés dans les sauvegardes ; ils ne modifient aucune convention.
        </Text>
      </div>

      <Paper withBorder p="sm" component="section" aria-label="Scénarios">
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="xs">
              {list.map((d) => {
                const status = metas.get(d.id)?.status ?? 'brouillon';
                return (
                  <Group key={d.id} gap={4} wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant={d.id === activeId ? 'filled' : 'default'}
                      onClick={() => setActiveId(d.id)}
                      aria-pressed={d.id === activeId}
                    >
                      {label(d)}
                    </Button>
                    <Badge size="sm" variant="light" tt="none" color={statusColors[status]}>
                      {scenarioStatusLabels[status]}
                    </Badge>
                  </Group>
                );
              })}
              <Button size="compact-sm" variant="light" loading={edit.busy} onClick={() => void create()}>
                Nouveau scénario
              </Button>
            </Group>
            <Group gap="xs">
              <FileButton onChange={(file) => void importFile(file)} accept="application/json,.json">
                {(props) => (
                  <Button {...props} size="compact-sm" variant="default">
                    Importer un JSON
                  </Button>
                )}
              </FileButton>
              {active && (
                <>
                  <Button
                    size="compact-sm"
                    variant="default"
                    disabled={!activeCheck?.ok}
                    onClick={() =>
                      activeCheck?.ok &&
                      saveText(
                        fileNameOf(activeCheck.scenario.name, 'json'),
                        `${JSON.stringify(activeCheck.scenario, null, 2)}\n`,
                      )
                    }
                  >
                    Exporter en JSON
                  </Button>
                  <Button size="compact-sm" variant="default" onClick={() => void duplicate()}>
                    Dupliquer
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => removal.ask(active)}>
                    Supprimer le scénario
                  </Button>
                </>
              )}
            </Group>
          </Group>
          {importErrors && (
            <Alert
              color="red"
              role="alert"
              title={`Fichier « ${importErrors.file} » refusé`}
              py="xs"
              withCloseButton
              onClose={() => setImportErrors(null)}
            >
              <List size="sm">
                {importErrors.errors.map((error) => (
                  <List.Item key={error}>{error}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <ErrorAlert error={loading.error} title="Scénarios indisponibles" />
          <ErrorAlert
            error={legacy.error}
            title="Brouillons de ce navigateur pas encore repris (ils le seront à la prochaine ouverture)"
          />
          <ErrorAlert error={edit.error} title="Scénario non modifié" />
          <ErrorAlert error={saving.error} title="Scénario non enregistré" />
          <ErrorAlert error={epcis.error} title="EPCI indisponibles" />
          <ErrorAlert error={vintages.error} title="Millésimes indisponibles" />
          {active && activeMeta && (
            <Group gap="md" align="flex-end">
              <Select
                label="Statut du scénario"
                size="xs"
                w={160}
                allowDeselect={false}
                data={scenarioStatuses.map((s) => ({ value: s, label: scenarioStatusLabels[s] }))}
                value={activeMeta.status}
                onChange={(value) => value && void changeStatus(value as ScenarioStatus)}
              />
              <Text size="sm" c="dimmed">
                {activeMeta.author ? `Par ${activeMeta.author} · ` : ''}modifié le{' '}
                {formatDateFr(activeMeta.updatedAt.slice(0, 10))}
                {activeCheck?.ok ? '' : ' · modifications non enregistrées tant qu’il est à compléter'}
              </Text>
            </Group>
          )}
          {active && activeCheck && epcis.data && vintages.data ? (
            <ScenarioEditor
              key={active.id}
              draft={active}
              epcis={epcis.data}
              vintages={vintages.data}
              defaultMillesime={defaultMillesime}
              onChange={update}
            />
          ) : (
            drafts !== null &&
            list.length === 0 && (
              <Text size="sm" c="dimmed">
                Aucun scénario : créez-en un, ou importez un fichier JSON.
              </Text>
            )
          )}
          {active && activeMeta && (
            <Textarea
              label="Notes"
              description="Pour qui, présenté quand, ce qu’on en a dit…"
              autosize
              minRows={2}
              maxLength={10_000}
              value={activeMeta.notes}
              onChange={(event) => setNotes(event.currentTarget.value)}
            />
          )}
        </Stack>
      </Paper>

      <ConfirmModal
        {...removal.modal}
        title="Supprimer ce scénario ?"
        confirmLabel="Supprimer le scénario"
        danger
      >
        <Text size="sm">
          « {removal.item ? label(removal.item) : ''} » sera supprimé de la base, et des autres postes à leur
          prochaine synchronisation. Le journal garde la trace de son contenu.
        </Text>
      </ConfirmModal>

      <Paper withBorder p="sm" component="section" aria-label="Comparaison">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end">
            <Title order={3} size="h4">
              Comparaison avec la situation actuelle
            </Title>
            <Group align="flex-end">
              <YearSelect label="Année comparée" value={year} onChange={setYear} />
              <Button variant="default" onClick={() => void exportWorkbook()} loading={workbook.busy}>
                Exporter le classeur
              </Button>
            </Group>
          </Group>
          {list.length > 0 && (
            <Group gap="lg">
              {list.map((d) => {
                const checked = compared.includes(d.id);
                const valid = checks.get(d.id)?.ok ?? false;
                return (
                  <Checkbox
                    key={d.id}
                    label={`${label(d)}${valid ? '' : ' (à corriger)'}`}
                    checked={checked}
                    disabled={!valid || (!checked && compared.length >= maxCompared)}
                    onChange={(event) => {
                      const on = event.currentTarget.checked;
                      setCompared((ids) => (on ? [...ids, d.id] : ids.filter((i) => i !== d.id)));
                    }}
                  />
                );
              })}
              <Text size="xs" c="dimmed">
                {maxCompared} scénarios au plus.
              </Text>
            </Group>
          )}
          <ErrorAlert error={workbook.error} title="Classeur non produit" />
          <Comparison year={Number(year)} scenarios={chosen} />
        </Stack>
      </Paper>
    </Stack>
  );
}
