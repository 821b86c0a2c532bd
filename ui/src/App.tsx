import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';

// One chunk per page, loaded when its route is first visited (AppLayout shows a spinner meanwhile),
// so that the first page does not download the others' components.
const LoginPage = lazy(() => import('./features/login/LoginPage').then((m) => ({ default: m.LoginPage })));
const SignedInArea = lazy(() => import('./components/SignedInArea').then((m) => ({ default: m.SignedInArea })));
const NewExportPage = lazy(() =>
  import('./features/new-export/NewExportPage').then((m) => ({ default: m.NewExportPage })),
);
const ExportPage = lazy(() => import('./features/export/ExportPage').then((m) => ({ default: m.ExportPage })));
const HistoryPage = lazy(() => import('./features/history/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const SchedulesPage = lazy(() =>
  import('./features/schedules/SchedulesPage').then((m) => ({ default: m.SchedulesPage })),
);
const ManagePage = lazy(() => import('./features/manage/ManagePage').then((m) => ({ default: m.ManagePage })));

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <SignedInArea />
            </RequireAuth>
          }
        >
          <Route path="/" element={<NewExportPage />} />
          <Route path="/exports/:id" element={<ExportPage />} />
          <Route path="/history" element={<HistoryPage />} />
          <Route path="/schedules" element={<SchedulesPage />} />
          <Route path="/manage" element={<ManagePage />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
