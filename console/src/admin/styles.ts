// The admin page's styles, imported by the shell so they are in app.css: the page's code is a lazy
// chunk (pages/admin-page.tsx), and esbuild does not load a lazy chunk's CSS. Admin sections import
// no CSS themselves (test/unit/console-size.test.ts).
import '../dashboard/dashboard.css';
import './articles.css';
import './audit.css';
import './rules.css';
import './teams.css';
