import { Alert, Button, Checkbox, FileButton, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { Scenario } from '../../shared/domain/contributions/index.ts';
import { api } from '../api.ts';
import { saveFile, saveText } from '../components/download.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { displayedMillesime } from '../millesimes.ts';
import { Comparison } from './contributions/Comparison.tsx';
import { ScenarioEditor } from './contributions/ScenarioEditor.tsx';
import {
  checkDraft,
  type DraftScenario,
  draftFromJson,
  fileNameOf,
  loadDrafts,
  newKey,
  nextYear,
  saveDrafts,
} from './contributions/scenarios.ts';
import { YearSelect } from './contributions/YearSelect.tsx';

const maxCompared = 3;

/**
 * What-if contributions: scenarios built here (kept in this browser), compared with the current situation
 * for a year, a sensitivity table, charts; scenarios travel as JSON files and the comparison as a workbook.
 */
export function ScenariosScreen() {
  const epcis = useApi('epci.list', {});
  const vintages = useApi('millesime.list', {});
  const [drafts, setDrafts] = useState<DraftScenario[]>(loadDrafts);
  const [activeId, setActiveId] = useState<string | null>(() => drafts[0]?.id ?? null);
  const [compared, setCompared] = useState<string[]>(() => drafts.slice(0, maxCompared).map((d) => d.id));
  const [year, setYear] = useState(String(nextYear()));
  const [importErrors, setImportErrors] = useState<{ file: string; errors: string[] } | null>(null);
  const workbook = useAction();

  useEffect(() => saveDrafts(drafts), [drafts]);

  const checks = useMemo(() => new Map(drafts.map((d) => [d.id, checkDraft(d)])), [drafts]);
  const active = drafts.find((d) => d.id === activeId) ?? null;
  const activeCheck = active ? checks.get(active.id) : undefined;
  const chosen: Scenario[] = compared.flatMap((id) => {
    const check = checks.get(id);
    return check?.ok ? [check.scenario] : [];
  });
  const defaultMillesime = vintages.data ? String(displayedMillesime(vintages.data) ?? '') : '';

  function add(draft: DraftScenario) {
    setDrafts((list) => [...list, draft]);
    setActiveId(draft.id);
    setCompared((ids) => (ids.length < maxCompared ? [...ids, draft.id] : ids));
  }

  function update(draft: DraftScenario) {
    setDrafts((list) => list.map((d) => (d.id === draft.id ? draft : d)));
  }

  function remove(id: string) {
    setDrafts((list) => list.filter((d) => d.id !== id));
    setCompared((ids) => ids.filter((i) => i !== id));
    setActiveId(drafts.find((d) => d.id !== id)?.id ?? null);
  }

  async function importFile(file: File | null) {
    if (!file) return;
    const read = draftFromJson(await file.text());
    if (!read.ok) {
      setImportErrors({ file: file.name, errors: read.errors });
      return;
    }
    setImportErrors(null);
    add(read.draft);
  }

  async function exportWorkbook() {
    const file = await workbook.run(() =>
      api.call('report.financing', { year: Number(year), scenarios: chosen }),
    );
    if (file) saveFile(file.fileName, file.content);
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Scénarios</Title>
        <Text size="sm" c="dimmed">
          Essayez d’autres conditions (taux, date de début, base de population…) et comparez-les avec les
          conventions enregistrées. Les scénarios restent dans ce poste tant que vous ne les exportez pas ;
          ils ne modifient aucune convention.
        </Text>
      </div>

      <Paper withBorder p="sm" component="section" aria-label="Scénarios">
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="xs">
              {drafts.map((d) => (
                <Button
                  key={d.id}
                  size="compact-sm"
                  variant={d.id === activeId ? 'filled' : 'default'}
                  onClick={() => setActiveId(d.id)}
                  aria-pressed={d.id === activeId}
                >
                  {d.name.trim() || 'Sans nom'}
                </Button>
              ))}
              <Button
                size="compact-sm"
                variant="light"
                onClick={() =>
                  add({
                    id: newKey(),
                    name: `Scénario ${drafts.length + 1}`,
                    year: String(nextYear()),
                    conventions: [],
                  })
                }
              >
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
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => remove(active.id)}>
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
          <ErrorAlert error={epcis.error} title="EPCI indisponibles" />
          <ErrorAlert error={vintages.error} title="Millésimes indisponibles" />
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
            drafts.length === 0 && (
              <Text size="sm" c="dimmed">
                Aucun scénario : créez-en un, ou importez un fichier JSON.
              </Text>
            )
          )}
        </Stack>
      </Paper>

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
          {drafts.length > 0 && (
            <Group gap="lg">
              {drafts.map((d) => {
                const checked = compared.includes(d.id);
                const valid = checks.get(d.id)?.ok ?? false;
                return (
                  <Checkbox
                    key={d.id}
                    label={`${d.name.trim() || 'Sans nom'}${valid ? '' : ' (à corriger)'}`}
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
