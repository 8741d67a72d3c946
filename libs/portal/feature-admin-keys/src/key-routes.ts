import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

/** The allocation key editor and its simulation, and the key advice (the pages load lazily). */
export const keyRoutes: Routes = [
  lazyPage('allocation-key', 'title.key', () =>
    import('./allocation-key/key-editor-page').then((m) => m.KeyEditorPage),
  ),
  lazyPage('key-advice', 'advice.title', () =>
    import('./key-advice/key-advice-page').then((m) => m.KeyAdvicePage),
  ),
];
