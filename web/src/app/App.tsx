import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { SkuPage } from '../features/inventory/SkuPage';
import { SkusPage } from '../features/inventory/SkusPage';
import { OrderPage } from '../features/orders/OrderPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { I18nProvider } from '../i18n/i18n';
import { ToastProvider } from '../ui';
import { Home, NotFound, RequireAuth, RequirePermission } from './guards';
import { Layout } from './Layout';
import { makeQueryClient } from './query-client';
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
                    <Route index element={<Home />} />
                    <Route
                      path="orders"
                      element={
                        <RequirePermission permission="orders.read">
                          <OrdersPage />
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
                      path="skus/:code"
                      element={
                        <RequirePermission permission="catalog.read">
                          <SkuPage />
                        </RequirePermission>
                      }
                    />
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
