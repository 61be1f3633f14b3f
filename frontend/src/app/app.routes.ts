import { Routes } from '@angular/router';
import { authGuard, loginGuard } from './auth/auth-guard';

export const routes: Routes = [
  {
    path: 'login',
    title: 'Sign in · Vehicle tracker',
    canActivate: [loginGuard],
    loadComponent: () => import('./feature/login/login').then((m) => m.Login),
  },
  {
    // Every other page, the catch-all included, only when signed in.
    path: '',
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'vehicles' },
      {
        path: 'vehicles',
        title: 'Vehicles · Vehicle tracker',
        loadComponent: () => import('./feature/vehicles/vehicles').then((m) => m.Vehicles),
      },
      {
        path: 'vehicles/:vin',
        title: 'Vehicle · Vehicle tracker',
        loadComponent: () => import('./feature/vehicle-detail/vehicle-detail').then((m) => m.VehicleDetail),
      },
      {
        path: 'customers',
        title: 'Customers · Vehicle tracker',
        loadComponent: () => import('./feature/customers/customers').then((m) => m.Customers),
      },
      { path: '**', redirectTo: 'vehicles' },
    ],
  },
];
