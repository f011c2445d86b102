import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Pagination,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PatronField } from '../../../shared/domain/patron.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { toDisplayError } from '../../components/displayError.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/useAction.ts';
import { countFr } from '../../format.ts';
import { DuplicateReview } from './DuplicateReview.tsx';
import {
  type Counts,
  type ImportMode,
  outcomeSingular,
  type PreviewFilter,
  type PreviewRow,
  previewTabs,
  unregisteredTab,
} from './labels.ts';
import { PreviewLine, UnregisteredTable } from './PreviewLine.tsx';

const pageSize = 50;

/**
 * Step 3: what the import would do, row by row. Counts per outcome are tabs; each shows a page of its
 * rows with their reasons. A rejected row can be fixed in place (the cell is re-validated at once) and
 * any row excluded or brought back.
 */
export function PreviewStep({
  sessionId,
  counts,
  mode,
  onCounts,
}: {
  sessionId: string;
  counts: Counts;
  mode: ImportMode;
  onCounts: (counts: Counts) => void;
}) {
  const [filter, setFilter] = useState<PreviewFilter>(() => (counts.rejected > 0 ? 'rejected' : 'created'));
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [rows, setRows] = useState<PreviewRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [loadError, setLoadError] = useState<ErrorPayload | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  /** The possible duplicate under review, by its position among them; null when the review is closed. */
  const [reviewAt, setReviewAt] = useState<number | null>(null);
  const action = useAction();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads the page after an exclusion.
  useEffect(() => {
    let current = true;
    setLoadError(null);
    api
      .call('import.preview', { sessionId, outcome: filter, offset: (page - 1) * pageSize, limit: pageSize })
      .then((answer) => {
        if (!current) return;
        const pages = Math.max(1, Math.ceil(answer.total / pageSize));
        if (page > pages) {
          setPage(pages);
          return;
        }
        setRows(answer.rows);
        setTotal(answer.total);
        onCounts(answer.counts);
      })
      .catch((error: unknown) => current && setLoadError(toDisplayError(error)));
    return () => {
      current = false;
    };
  }, [sessionId, filter, page, version]);

  function choose(next: PreviewFilter) {
    // The tab already shown, chosen again: nothing to reload (clearing the rows would leave it loading).
    if (next === filter) return;
    setFilter(next);
    setPage(1);
    setRows(null);
    setSelected(new Set());
    setNotice(null);
    action.clear();
  }

  async function fix(line: number, field: PatronField, value: string) {
    setNotice(null);
    const answer = await action.run(() => api.call('import.fixCell', { sessionId, line, field, value }));
    if (!answer) return;
    // The row stays where it is, showing its new fate, until the tab or page changes.
    setRows((list) => list?.map((row) => (row.line === line ? answer.row : row)) ?? null);
    onCounts(answer.counts);
    setNotice(
      answer.row.outcome === 'rejected'
        ? `Ligne ${line} : toujours rejetée, voir le motif.`
        : `Ligne ${line} corrigée : elle sera importée (${outcomeSingular[answer.row.outcome].toLowerCase()}).`,
    );
  }

  async function exclude(lines: number[], excluded: boolean) {
    setNotice(null);
    const answer = await action.run(() => api.call('import.exclude', { sessionId, lines, excluded }));
    if (!answer) return;
    onCounts(answer.counts);
    setSelected(new Set());
    setVersion((v) => v + 1);
    const which = lines.length === 1 ? `Ligne ${lines[0]}` : countFr(lines.length, 'ligne', 'lignes');
    setNotice(
      excluded
        ? `${which} ${lines.length > 1 ? 'exclues' : 'exclue'} : ${lines.length > 1 ? 'elles ne seront pas importées' : 'elle ne sera pas importée'} (onglet « Exclus »).`
        : `${which} ${lines.length > 1 ? 'réintégrées' : 'réintégrée'} dans l’import.`,
    );
  }

  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const shown = rows ?? [];
  const allChecked = shown.length > 0 && shown.every((r) => selected.has(r.line));
  const excludedTab = filter === 'excluded';

  return (
    <Stack gap="sm">
      {mode === 'full' && (
        <Alert color="orange" py="xs" title="Import complet">
          {counts.unregistered === 0
            ? 'Tous les lecteurs inscrits de la bibliothèque figurent dans le fichier : aucun ne sera désinscrit.'
            : `${countFr(counts.unregistered, 'lecteur inscrit de la bibliothèque est absent', 'lecteurs inscrits de la bibliothèque sont absents')} du fichier : ${counts.unregistered > 1 ? 'ils ne seront plus inscrits' : 'il ne sera plus inscrit'} (désinscrits).`}
        </Alert>
      )}
      <Tabs
        value={filter}
        onChange={(value) => value && choose(value as PreviewFilter)}
        variant="outline"
        styles={{ tab: { paddingInline: 10 } }}
      >
        <Tabs.List aria-label="Lignes par résultat">
          {(mode === 'full' ? [...previewTabs, unregisteredTab] : previewTabs).map((tab) => {
            const n = tab.count(counts);
            return (
              <Tabs.Tab
                key={tab.filter}
                value={tab.filter}
                rightSection={
                  <Badge color={tab.color} variant={n > 0 ? 'filled' : 'light'} size="sm" miw={28}>
                    {formatInteger(n)}
                  </Badge>
                }
              >
                {tab.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value={filter} pt="sm">
          <Stack gap="sm">
            {filter === 'rejected' && total > 0 && (
              <Text size="sm" c="dimmed">
                Ces lignes ne seront pas importées. Corrigez la valeur en cause (la ligne est aussitôt
                vérifiée à nouveau) ou laissez-les : elles figureront dans le rapport, à renvoyer à la
                bibliothèque.
              </Text>
            )}
            {filter === 'unregistered' && total > 0 && (
              <Text size="sm" c="dimmed">
                Lecteurs inscrits de la bibliothèque que ce fichier ne contient plus : l’import complet les
                marquera « plus inscrits » (rien n’est supprimé ; l’annulation de l’import les réinscrit).
              </Text>
            )}
            {filter === 'duplicate' && total > 0 && (
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  Nouveaux lecteurs qui ressemblent à un lecteur déjà inscrit (dans cette bibliothèque sous
                  une autre carte, ou dans une autre) ou à une autre ligne du fichier : mêmes nom, prénom et
                  date de naissance, ou même courriel. Ils seront importés et signalés, à examiner ensuite
                  dans « Lecteurs » — sauf les lignes que vous excluez.
                </Text>
                <Button size="xs" color="grape" variant="light" onClick={() => setReviewAt(0)} miw={150}>
                  Examiner un à un
                </Button>
              </Group>
            )}
            <ErrorAlert error={loadError ?? action.error} />
            {notice && (
              <Text size="sm" c="teal.9" role="status">
                {notice}
              </Text>
            )}

            <Group justify="space-between" mih={32}>
              <Group gap="sm">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {rows === null
                    ? 'Chargement…'
                    : total === 0
                      ? 'Aucune ligne.'
                      : `Lignes ${formatInteger(first)} à ${formatInteger(first + shown.length - 1)} sur ${formatInteger(total)}`}
                </Text>
                {selected.size > 0 && (
                  <Button
                    size="xs"
                    variant="light"
                    color={excludedTab ? 'teal' : 'dark'}
                    loading={action.busy}
                    onClick={() => void exclude([...selected], !excludedTab)}
                  >
                    {excludedTab ? 'Réintégrer' : 'Exclure'} les lignes cochées ({selected.size})
                  </Button>
                )}
              </Group>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={(next) => {
                    setPage(next);
                    setSelected(new Set());
                  }}
                  size="sm"
                  getControlProps={(control) => ({
                    'aria-label': control === 'previous' ? 'Page précédente' : 'Page suivante',
                  })}
                />
              )}
            </Group>

            {rows === null && !loadError && (
              <Loader size="sm" role="status" aria-label="Chargement des lignes" />
            )}
            {shown.length > 0 && filter === 'unregistered' && <UnregisteredTable rows={shown} />}
            {shown.length > 0 && filter !== 'unregistered' && (
              <ScrollTable minWidth={980} label="Aperçu des lignes">
                <Table
                  striped
                  verticalSpacing={6}
                  fz="sm"
                  aria-label="Aperçu des lignes"
                  style={{ tableLayout: 'auto' }}
                >
                  <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                    <Table.Tr>
                      <Table.Th w={32}>
                        <Checkbox
                          aria-label="Cocher toutes les lignes de la page"
                          checked={allChecked}
                          indeterminate={!allChecked && shown.some((r) => selected.has(r.line))}
                          onChange={() =>
                            setSelected(allChecked ? new Set() : new Set(shown.map((row) => row.line)))
                          }
                        />
                      </Table.Th>
                      <Table.Th w={56}>Ligne</Table.Th>
                      <Table.Th>N° de carte</Table.Th>
                      <Table.Th>Nom, prénom</Table.Th>
                      <Table.Th>Naissance</Table.Th>
                      <Table.Th>Courriel</Table.Th>
                      <Table.Th>Commune</Table.Th>
                      <Table.Th miw={220}>Détail</Table.Th>
                      <Table.Th w={90} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((row, index) => (
                      <PreviewLine
                        key={row.line}
                        row={row}
                        filter={filter}
                        checked={selected.has(row.line)}
                        onCheck={(checked) =>
                          setSelected((set) => {
                            const next = new Set(set);
                            if (checked) next.add(row.line);
                            else next.delete(row.line);
                            return next;
                          })
                        }
                        busy={action.busy}
                        onFix={fix}
                        onExclude={(excluded) => void exclude([row.line], excluded)}
                        onCompare={
                          filter === 'duplicate'
                            ? () => setReviewAt((page - 1) * pageSize + index)
                            : undefined
                        }
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            )}
            {reviewAt !== null && (
              <DuplicateReview
                sessionId={sessionId}
                start={reviewAt}
                onCounts={onCounts}
                onClose={() => {
                  setReviewAt(null);
                  // Rows excluded in the review leave this tab.
                  setVersion((v) => v + 1);
                }}
              />
            )}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
