// npm run audit: `npm audit --omit=dev`, failing on a high or critical advisory in a production dependency.
// Where the registry's advisory endpoint cannot be reached (this workplace's registry mirror refuses it with 405),
// it says so and passes, unless AUDIT_REQUIRED=1 (Travis sets it: there the endpoint is reachable and the audit
// must really run).
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? run.stderr.trim().split('\n').pop() ?? 'no answer';
  console.error(`npm audit could not run: ${why}`);
  process.exit(process.env.AUDIT_REQUIRED === '1' ? 1 : 0);
}
const blocking = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `npm audit --omit=dev: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ` +
    `${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
if (blocking > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
    if (v.severity === 'high' || v.severity === 'critical')
      console.log(`  ${v.severity}: ${name} ${v.range}`);
  process.exit(1);
}
