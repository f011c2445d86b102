import { createHashRouter, Navigate } from 'react-router';
import { ConflictsScreen } from '../screens/ConflictsScreen.tsx';
import { EpciDetailScreen } from '../screens/EpciDetailScreen.tsx';
import { EpciListScreen } from '../screens/EpciListScreen.tsx';
import { ImportHistoryScreen } from '../screens/ImportHistoryScreen.tsx';
import { ImportWizardScreen } from '../screens/ImportWizardScreen.tsx';
import { JournalScreen } from '../screens/JournalScreen.tsx';
import { LibraryDetailScreen } from '../screens/LibraryDetailScreen.tsx';
import { LibraryListScreen } from '../screens/LibraryListScreen.tsx';
import { NotFoundScreen } from '../screens/NotFoundScreen.tsx';
import { PatronsScreen } from '../screens/PatronsScreen.tsx';
import { ReportsScreen } from '../screens/ReportsScreen.tsx';
import { RgpdScreen } from '../screens/RgpdScreen.tsx';
import { SettingsScreen } from '../screens/SettingsScreen.tsx';
import { UsageScreen } from '../screens/UsageScreen.tsx';
import { ScreenError } from './ScreenError.tsx';
import { Shell } from './Shell.tsx';
import { WindowFileDrop } from './WindowFileDrop.tsx';

/**
 * The screens with charts come with the chart library (recharts, half the renderer's code): they load when
 * first opened, not before the first screen shows.
 */
const withCharts = {
  contributions: async () => ({
    Component: (await import('../screens/ContributionsScreen.tsx')).ContributionsScreen,
  }),
  scenarios: async () => ({ Component: (await import('../screens/ScenariosScreen.tsx')).ScenariosScreen }),
  indicators: async () => ({ Component: (await import('../screens/IndicatorsScreen.tsx')).IndicatorsScreen }),
};

/**
 * Hash routes: the same URLs work under app:// in Electron and under the browser host, and a reload
 * never asks the server for a path it does not serve.
 */
export const router = createHashRouter([
  {
    path: '/',
    errorElement: <ScreenError />,
    element: (
      <>
        <WindowFileDrop />
        <Shell />
      </>
    ),
    children: [
      { index: true, element: <Navigate to="/collectivites" replace /> },
      { path: 'collectivites', element: <EpciListScreen /> },
      { path: 'collectivites/:siren', element: <EpciDetailScreen /> },
      { path: 'bibliotheques', element: <LibraryListScreen /> },
      { path: 'bibliotheques/:id', element: <LibraryDetailScreen /> },
      { path: 'lecteurs', element: <PatronsScreen /> },
      { path: 'lecteurs/rgpd', element: <RgpdScreen /> },
      { path: 'imports', element: <ImportHistoryScreen /> },
      { path: 'imports/nouveau', element: <ImportWizardScreen /> },
      { path: 'contributions', lazy: withCharts.contributions },
      { path: 'scenarios', lazy: withCharts.scenarios },
      { path: 'rapports', element: <ReportsScreen /> },
      { path: 'usages', element: <UsageScreen /> },
      { path: 'indicateurs', lazy: withCharts.indicators },
      { path: 'journal', element: <JournalScreen /> },
      { path: 'conflits', element: <ConflictsScreen /> },
      { path: 'reglages', element: <SettingsScreen /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
