import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { DashboardHome } from '../features/dashboard/DashboardHome';
import { inboundRoutes } from '../features/inbound/routes';
import { settingsRoutes } from '../features/settings/routes';
import { I18nProvider } from '../i18n/i18n';
import { ToastProvider } from '../ui';
import { NotFound, RequireAuth, RequirePermission } from './guards';
import { Layout } from './Layout';
import { makeQueryClient } from './query-client';
import {
  ImportOrdersPage,
  ImportSkusPage,
  LocationsPage,
  OrderPage,
  OrdersPage,
  PackHome,
  PackShipmentPage,
  PickingHome,
  PickListPage,
  ReservationPage,
  ReservationsPage,
  SkuPage,
  SkusPage,
  TransfersPage,
  WarehousePage,
  WavePage,
} from './screens';
import { SessionProvider } from './session';

export function App() {
  const [client] = useState(makeQueryClient);
  return (
    <I18nProvider>
      <QueryClientProvider client={client}>
        <ToastProvider>
          <BrowserRouter>
            <SessionProvider>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<RequireAuth />}>
                  <Route element={<Layout />}>
                    <Route index element={<DashboardHome />} />
                    <Route
                      path="orders"
                      element={
                        <RequirePermission permission="orders.read">
                          <OrdersPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="orders/import"
                      element={
                        <RequirePermission permission="orders.write">
                          <ImportOrdersPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="orders/:id"
                      element={
                        <RequirePermission permission="orders.read">
                          <OrderPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="skus"
                      element={
                        <RequirePermission permission="catalog.read">
                          <SkusPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="skus/import"
                      element={
                        <RequirePermission permission="catalog.write">
                          <ImportSkusPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="transfers"
                      element={
                        <RequirePermission permission="stock.read">
                          <TransfersPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="reservations"
                      element={
                        <RequirePermission permission="reservations.read">
                          <ReservationsPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="reservations/:id"
                      element={
                        <RequirePermission permission="reservations.read">
                          <ReservationPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="skus/:code"
                      element={
                        <RequirePermission permission="catalog.read">
                          <SkuPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="locations"
                      element={
                        <RequirePermission permission="locations.read">
                          <LocationsPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="warehouse"
                      element={
                        <RequirePermission permission="shipments.read">
                          <WarehousePage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="warehouse/waves/:id"
                      element={
                        <RequirePermission permission="shipments.read">
                          <WavePage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="picking"
                      element={
                        <RequirePermission permission="shipments.read">
                          <PickingHome />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="picking/:id"
                      element={
                        <RequirePermission permission="shipments.read">
                          <PickListPage />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="pack"
                      element={
                        <RequirePermission permission="shipments.read">
                          <PackHome />
                        </RequirePermission>
                      }
                    />
                    <Route
                      path="pack/:id"
                      element={
                        <RequirePermission permission="shipments.read">
                          <PackShipmentPage />
                        </RequirePermission>
                      }
                    />
                    {settingsRoutes()}
                    {inboundRoutes()}
                    <Route path="*" element={<NotFound />} />
                  </Route>
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
