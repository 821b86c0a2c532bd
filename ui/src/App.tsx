import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { LoginPage } from './features/login/LoginPage';
import { NewExportPage } from './features/new-export/NewExportPage';
import { ExportPage } from './features/export/ExportPage';
import { HistoryPage } from './features/history/HistoryPage';
import { ManagePage } from './features/manage/ManagePage';

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/"
          element={
            <RequireAuth>
              <NewExportPage />
            </RequireAuth>
          }
        />
        <Route
          path="/exports/:id"
          element={
            <RequireAuth>
              <ExportPage />
            </RequireAuth>
          }
        />
        <Route
          path="/history"
          element={
            <RequireAuth>
              <HistoryPage />
            </RequireAuth>
          }
        />
        <Route
          path="/manage"
          element={
            <RequireAuth>
              <ManagePage />
            </RequireAuth>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
