// Copies the front-end packages the pages use from node_modules into yiwang/static/vendor/,
// so they are served by Django/whitenoise or nginx from this server — never from a CDN.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

const files = {
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
  "axe-core/axe.min.js": "axe-core/axe.min.js",
  "bpmn-js/dist/bpmn-navigated-viewer.production.min.js": "bpmn-js/bpmn-navigated-viewer.production.min.js",
  "bpmn-js/dist/assets/diagram-js.css": "bpmn-js/diagram-js.css",
  "bpmn-js/dist/assets/bpmn-js.css": "bpmn-js/bpmn-js.css",
};
for (const [from, to] of Object.entries(files)) {
  const target = join("yiwang/static/vendor", to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join("node_modules", from), target);
}
console.log(`vendored ${Object.keys(files).length} files into yiwang/static/vendor/`);
