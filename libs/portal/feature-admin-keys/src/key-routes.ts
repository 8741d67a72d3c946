import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

/** The allocation key editor and its simulation (the page loads lazily). */
export const keyRoutes: Routes = [
  lazyPage('allocation-key', 'title.key', () =>
    import('./allocation-key/key-editor-page').then((m) => m.KeyEditorPage),
  ),
];
