// The printed sheets' column widths as a stylesheet. A sheet gives its columns relative widths; the view
// rounds each column's share to a whole percent and names it as a class (`<col class="w27">`), since the
// strict CSP allows no style attribute. The hundred rules are made here, not written out by hand.
import { Router } from 'express';

export const COLUMN_WIDTHS_PATH = '/static/column-widths.css';

const css = Array.from({ length: 100 }, (_, i) => `.grid col.w${i + 1} { width: ${i + 1}%; }`).join('\n') + '\n';

/** Serves the stylesheet with the same caching as the other static files (`maxAgeSeconds`, 0 = revalidate). */
export function columnWidthsRouter(maxAgeSeconds: number): Router {
  const router = Router();
  router.get(COLUMN_WIDTHS_PATH, (_req, res) => {
    res.type('text/css').set('Cache-Control', `public, max-age=${maxAgeSeconds}`).send(css);
  });
  return router;
}
