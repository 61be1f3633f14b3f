import { Routes } from '@angular/router';

export const routes: Routes = [
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
];
