import type { Routes } from '@angular/router';

/** The allocation key editor and its simulation (the page loads lazily). */
export const keyRoutes: Routes = [
  {
    path: 'allocation-key',
    title: 'title.key',
    loadComponent: () => import('./allocation-key/key-editor-page').then((m) => m.KeyEditorPage),
  },
];
