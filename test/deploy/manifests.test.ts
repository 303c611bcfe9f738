import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { serveSection } from '../../src/serving/config.js';
import { buildApp } from '../../src/serving/app.js';
import { ServingMetrics } from '../../src/serving/metrics.js';
import { MemoryModelSource } from '../../src/serving/testing/memory-source.js';
import { TEST_SIGNATURE, testForest } from '../../src/serving/testing/fixtures.js';
import { kustomize, readManifests, validateObject, type K8sObject } from './manifests.js';
import { repoRoot } from './repo-root.js';

const rel = (...p: string[]) => join(repoRoot, ...p);
const yamlFiles = (dir: string) => existsSync(rel(dir)) ? readdirSync(rel(dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${dir}/${f}`) : [];
// Plain manifests in the repository (kustomization files and config files are not Kubernetes objects).
const NOT_OBJECTS = /(kustomization\.yaml|forewarn\.yaml|hpa-patch\.yaml|prometheus-adapter-rules\.yaml)$/;
const manifestFiles = ['deploy/k8s/base', 'deploy/argocd', 'deploy/kserve', 'deploy/argo-workflows'].flatMap(yamlFiles).filter((f) => !NOT_OBJECTS.test(f));
const rendered = Object.fromEntries(['dev', 'prod'].map((o) => [o, kustomize(`deploy/k8s/overlays/${o}`)]));
const renderSkip = 'skip' in rendered.prod! ? rendered.prod.skip : false;
if (renderSkip) process.stderr.write(`\n*** SKIPPED: ${renderSkip} ***\n\n`);
const objectsOf = (o: string): K8sObject[] => ('objects' in rendered[o]! ? rendered[o].objects : []);
const one = (objs: K8sObject[], kind: string, name?: string) => {
  const found = objs.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  assert.equal(found.length, 1, `exactly one ${kind}${name ? ` ${name}` : ''}`);
  return found[0]!;
};

test('every manifest in deploy/ and every object of the rendered dev and prod overlays validates against its schema', (t) => {
  const summary = new Map<string, number>();
  const check = (o: K8sObject, where: string) => {
    try {
      const by = validateObject(o);
      summary.set(`${o.kind} (${by})`, (summary.get(`${o.kind} (${by})`) ?? 0) + 1);
    } catch (e) {
      assert.fail(`${where}: ${o.kind} ${o.metadata?.name}: ${(e as Error).message}`);
    }
  };
  let files = 0;
  for (const f of manifestFiles) { files++; for (const o of readManifests(f)) check(o, f); }
  for (const o of ['dev', 'prod']) for (const obj of objectsOf(o)) check(obj, `overlay ${o}`);
  assert.ok(files >= 8, `manifest files found: ${manifestFiles.join(', ')}`);
  t.diagnostic(`${files} files + ${renderSkip ? 'no rendered overlays' : 'rendered dev and prod overlays'}: ${[...summary].map(([k, n]) => `${n} × ${k}`).join(', ')}`);
});

test('the validators refuse wrong manifests (negative controls)', () => {
  const dep = structuredClone(readManifests('deploy/k8s/base/serve-deployment.yaml')[0]!);
  dep.spec.template.spec.containers[0].ports[0].containerPort = '8080';
  assert.throws(() => validateObject(dep), /containerPort/);
  const isvc = structuredClone(readManifests('deploy/kserve/inferenceservice.yaml').find((o) => o.kind === 'InferenceService')!);
  isvc.spec.predictor.containers[0].resources.limits = 'lots';
  assert.throws(() => validateObject(isvc), /limits/);
  const isvc2 = structuredClone(readManifests('deploy/kserve/inferenceservice.yaml').find((o) => o.kind === 'InferenceService')!);
  isvc2.spec.predictr = isvc2.spec.predictor;
  assert.throws(() => validateObject(isvc2), /predictr|Unrecognized/);
  const app = structuredClone(readManifests('deploy/argocd/application.yaml')[0]!);
  app.spec.syncPolicy.automated.prune = 'yes';
  assert.throws(() => validateObject(app), /prune/);
  const sm = structuredClone(readManifests('deploy/k8s/base/serve-servicemonitor.yaml')[0]!);
  sm.spec.endpoints[0].interval = 15;
  assert.throws(() => validateObject(sm), /interval/);
});

test('rendered overlays: namespaces, image tags, replicas, the requests/s metric only in prod, references that resolve', { skip: renderSkip }, () => {
  for (const [o, ns] of [['dev', 'forewarn-dev'], ['prod', 'forewarn']] as const) {
    const objs = objectsOf(o);
    for (const obj of objs) assert.equal(obj.metadata.namespace, ns, `${o}: ${obj.kind} ${obj.metadata.name} namespace`);
    const dep = one(objs, 'Deployment', 'forewarn-serve');
    const svc = one(objs, 'Service', 'forewarn-serve');
    const hpa = one(objs, 'HorizontalPodAutoscaler', 'forewarn-serve');
    const pdb = one(objs, 'PodDisruptionBudget', 'forewarn-serve');
    const sm = one(objs, 'ServiceMonitor', 'forewarn-serve');
    const cm = one(objs, 'ConfigMap');
    const podLabels = dep.spec.template.metadata.labels as Record<string, string>;
    const matches = (sel: Record<string, string>, labels: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
    assert.ok(matches(dep.spec.selector.matchLabels, podLabels), `${o}: deployment selector`);
    assert.ok(matches(svc.spec.selector, podLabels), `${o}: service selector matches the pods`);
    assert.ok(matches(pdb.spec.selector.matchLabels, podLabels), `${o}: PDB selector matches the pods`);
    assert.ok(matches(sm.spec.selector.matchLabels, svc.metadata.labels!), `${o}: ServiceMonitor selects the service`);
    const c = dep.spec.template.spec.containers[0];
    const portNames = (c.ports as { name: string }[]).map((p) => p.name);
    assert.ok(portNames.includes(svc.spec.ports[0].targetPort), `${o}: service targetPort is a named container port`);
    assert.ok((svc.spec.ports as { name: string }[]).some((p) => p.name === sm.spec.endpoints[0].port), `${o}: ServiceMonitor port is a service port`);
    assert.equal(hpa.spec.scaleTargetRef.name, dep.metadata.name);
    const cfgVolume = (dep.spec.template.spec.volumes as { name: string; configMap?: { name: string } }[]).find((v) => v.configMap)!;
    assert.equal(cfgVolume.configMap!.name, cm.metadata.name, `${o}: the pod mounts the generated (hash-named) ConfigMap`);
    assert.match(cm.metadata.name, /^forewarn-config-[a-z0-9]{10}$/);
    assert.ok(hpa.spec.minReplicas <= dep.spec.replicas && dep.spec.replicas <= hpa.spec.maxReplicas, `${o}: replicas within the HPA range`);
    assert.ok(pdb.spec.minAvailable < hpa.spec.minReplicas || hpa.spec.minReplicas === 1, `${o}: the PDB leaves room to drain a node`);
    const pods = (hpa.spec.metrics as { type: string }[]).filter((m) => m.type === 'Pods');
    assert.equal(pods.length, o === 'prod' ? 1 : 0, `${o}: requests/s scaling only where the overlay enables it`);
  }
  const tagOf = (o: string) => one(objectsOf(o), 'Deployment').spec.template.spec.containers[0].image as string;
  assert.equal(tagOf('dev'), 'ghcr.io/forewarn/forewarn:main');
  assert.match(tagOf('prod'), /^ghcr\.io\/forewarn\/forewarn:\S+$/);
  assert.notEqual(tagOf('prod'), 'ghcr.io/forewarn/forewarn:latest', 'prod pins a tag');
});

// The real service, as Kubernetes runs it: a non-loopback bind with a token (auth mode 'all').
const TOKEN = 'k8s-probe-test-token';
const source = new MemoryModelSource('fleet').add('1', testForest(3), { signature: TEST_SIGNATURE }).setAlias('production', '1');
const served = await buildApp({ source, modelName: 'fleet', token: TOKEN, authMode: 'all', defaultMetrics: true });
const empty = await buildApp({ source: new MemoryModelSource('fleet'), modelName: 'fleet', token: TOKEN, authMode: 'all', defaultMetrics: false });
after(async () => { await served.app.close(); await empty.app.close(); });
const probes = (objs: K8sObject[]) => objs.flatMap((o) => {
  const containers = o.kind === 'Deployment' ? o.spec.template.spec.containers : o.kind === 'InferenceService' ? o.spec.predictor.containers : [];
  return (containers as Record<string, any>[]).flatMap((c) => (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).filter((p) => c[p]).map((p) => ({ where: `${o.kind} ${o.metadata.name} ${p}`, kind: p, path: c[p].httpGet.path as string, port: c[p].httpGet.port as string | number, container: c })));
});

test('probe paths and ports are the service\'s real routes, answered without a token; /ready says 503 without a model', async () => {
  const all = [...readManifests('deploy/k8s/base/serve-deployment.yaml'), ...readManifests('deploy/kserve/inferenceservice.yaml')];
  const ps = probes(all);
  assert.ok(ps.length >= 5);
  const defaultPort = serveSection.parse({}).port;
  for (const p of ps) {
    const port = typeof p.port === 'number' ? p.port : (p.container.ports as { name: string; containerPort: number }[]).find((x) => x.name === p.port)?.containerPort;
    assert.equal(port, defaultPort, `${p.where}: port ${p.port} is serve's port`);
    const r = await served.app.inject({ method: 'GET', url: p.path });
    assert.equal(r.statusCode, 200, `${p.where}: GET ${p.path} without a token → ${r.statusCode} ${r.body}`);
    if (p.kind === 'readinessProbe') assert.equal((await empty.app.inject({ method: 'GET', url: p.path })).statusCode, 503, `${p.where}: not ready without a model`);
  }
  // /metrics is not public on a non-loopback bind: the ServiceMonitor must send the token.
  assert.equal((await served.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
  assert.equal((await served.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 200);
  const sm = readManifests('deploy/k8s/base/serve-servicemonitor.yaml')[0]!;
  assert.equal(sm.spec.endpoints[0].path, '/metrics');
  assert.equal(sm.spec.endpoints[0].authorization.credentials.name, 'forewarn-api');
});

test('config files parse with the real forewarn.yaml schema, and the serve port agrees with the manifests', () => {
  const configs: [string, string][] = [
    ['deploy/k8s/base/forewarn.yaml', readFileSync(rel('deploy/k8s/base/forewarn.yaml'), 'utf8')],
    ['deploy/kserve ConfigMap', readManifests('deploy/kserve/inferenceservice.yaml').find((o) => o.kind === 'ConfigMap')!.data!['forewarn.yaml']!],
    ['deploy/compose/forewarn.yaml', readFileSync(rel('deploy/compose/forewarn.yaml'), 'utf8')],
  ];
  const containerPort = readManifests('deploy/k8s/base/serve-deployment.yaml')[0]!.spec.template.spec.containers[0].ports[0].containerPort;
  for (const [where, text] of configs) {
    const cfg = parseConfig(text, where);
    assert.equal(cfg.serve?.port, containerPort, `${where}: serve.port`);
    assert.equal(cfg.serve?.host, '0.0.0.0', `${where}: a container binds all interfaces`);
    assert.ok(cfg.serve?.model, `${where}: serve.model`);
  }
});

test('every environment variable the manifests and compose set is one forewarn (or the AWS SDK it uses) reads', () => {
  const src = (function read(dir: string): string {
    return readdirSync(dir, { withFileTypes: true }).map((d) => d.isDirectory() ? read(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? readFileSync(join(dir, d.name), 'utf8') : '').join('\n');
  })(rel('src'));
  // Read directly (process.env.X / process.env['X']) or through the one precedence helper (envVar: 'X', config/precedence.ts).
  const read = new Set([...src.matchAll(/process\.env(?:\.([A-Z0-9_]+)|\[['"]([A-Z0-9_]+)['"]\])|envVar: ['"]([A-Z0-9_]+)['"]/g)].map((m) => (m[1] ?? m[2] ?? m[3])!));
  // The AWS SDK's default credential chain reads these itself (src/artifacts/s3-repository.ts says so).
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) { assert.match(src, new RegExp(k)); read.add(k); }
  // The image's HEALTHCHECK reads this one (Dockerfile).
  assert.match(readFileSync(rel('Dockerfile'), 'utf8'), /ENV[\s\S]*FOREWARN_HEALTHCHECK_URL=/);
  read.add('FOREWARN_HEALTHCHECK_URL');
  const names = new Set<string>();
  for (const f of manifestFiles) for (const o of readManifests(f)) {
    const cs = o.kind === 'Deployment' ? o.spec.template.spec.containers : o.kind === 'InferenceService' ? o.spec.predictor.containers : [];
    for (const c of cs as { env?: { name: string }[] }[]) for (const e of c.env ?? []) names.add(e.name);
  }
  const compose = parseYaml(readFileSync(rel('deploy/compose/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { image?: string; environment?: Record<string, string> }> };
  for (const s of Object.values(compose.services)) if (s.image?.includes('forewarn')) for (const k of Object.keys(s.environment ?? {})) names.add(k);
  assert.ok(names.size >= 5);
  for (const n of names) assert.ok(read.has(n), `${n} is set by a manifest but nothing in src/ reads it`);
});

test('metric names: the prometheus-adapter rule reads a counter the service exports, and the HPA asks for what it produces', async () => {
  const names = new Set(((await new ServingMetrics(false).registry.getMetricsAsJSON()) as { name: string }[]).map((m) => m.name));
  const rules = parseYaml(readFileSync(rel('deploy/k8s/components/hpa-requests-per-second/prometheus-adapter-rules.yaml'), 'utf8')) as { rules: { seriesQuery: string; name: { matches: string; as: string } }[] };
  const series = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{/.exec(rules.rules[0]!.seriesQuery)![1]!;
  assert.ok(names.has(series), `${series} is exported by ServingMetrics (${[...names].join(', ')})`);
  const produced = series.replace(new RegExp(rules.rules[0]!.name.matches), rules.rules[0]!.name.as.replace('${1}', '$1'));
  const patch = parseYaml(readFileSync(rel('deploy/k8s/components/hpa-requests-per-second/hpa-patch.yaml'), 'utf8')) as { value: { pods: { metric: { name: string } } } }[];
  assert.equal(patch[0]!.value.pods.metric.name, produced);
  const scrape = await served.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.match(scrape.body, new RegExp(`^# TYPE ${series} counter`, 'm'));
});

test('Argo CD follows the prod overlay in this repository', () => {
  const app = readManifests('deploy/argocd/application.yaml')[0]!;
  assert.equal(app.spec.source.path, 'deploy/k8s/overlays/prod');
  assert.ok(existsSync(rel(app.spec.source.path, 'kustomization.yaml')));
  const prod = parseYaml(readFileSync(rel('deploy/k8s/overlays/prod/kustomization.yaml'), 'utf8')) as { namespace: string };
  assert.equal(app.spec.destination.namespace, prod.namespace);
  const ci = readFileSync(rel('.github/workflows/ci.yaml'), 'utf8');
  assert.match(ci, new RegExp(`cd ${app.spec.source.path}\\n\\s+kustomize edit set image`), 'CI bumps the tag in the folder Argo CD follows');
  assert.match(ci, /run: \.ci\/run/);
  assert.match(ci, /trivy/i);
});

test('compose: services, dependencies, mounts and health checks are consistent; forewarn services use the Dockerfile image', () => {
  type Svc = { image?: string; build?: { context: string; dockerfile: string }; command?: string[]; volumes?: string[]; depends_on?: Record<string, { condition: string }> | string[]; healthcheck?: { test?: string[]; disable?: boolean }; ports?: string[] };
  const doc = parseYaml(readFileSync(rel('deploy/compose/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Svc>; volumes: Record<string, unknown> };
  const services = doc.services;
  for (const s of ['postgres', 'minio', 'mosquitto', 'prometheus', 'grafana', 'serve', 'trainer']) assert.ok(services[s], `service ${s}`);
  const conditions = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
  for (const [n, s] of Object.entries(services)) {
    const deps = Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, { condition: 'service_started' }])) : s.depends_on ?? {};
    for (const [d, c] of Object.entries(deps)) {
      assert.ok(services[d], `${n} depends on unknown service ${d}`);
      assert.ok(conditions.has(c.condition), `${n}: condition ${c.condition}`);
      if (c.condition === 'service_healthy') assert.ok(services[d]!.healthcheck?.test, `${n} waits for ${d} to be healthy: ${d} needs a healthcheck`);
    }
    for (const v of s.volumes ?? []) {
      const [from] = v.split(':');
      if (from!.startsWith('.')) {
        // The alert rules and the dashboard are the monitoring area's files (deploy/prometheus, deploy/grafana).
        const monitoring = /^\.\.\/(prometheus|grafana)\//.test(from!);
        if (!monitoring) assert.ok(existsSync(rel('deploy/compose', from!)), `${n}: mount source ${from} exists`);
      } else assert.ok(from! in doc.volumes, `${n}: named volume ${from} declared`);
    }
    for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${n}: ports published on loopback only`);
  }
  assert.equal(services.trainer!.build!.dockerfile, 'Dockerfile');
  assert.ok(existsSync(rel('deploy/compose', services.trainer!.build!.context, 'Dockerfile')));
  assert.equal(services.serve!.image, services.trainer!.image);
  assert.deepEqual(services.serve!.command!.slice(0, 1), ['serve']);
  assert.deepEqual(services.trainer!.command!.slice(0, 1), ['quickstart']);
  const prom = parseYaml(readFileSync(rel('deploy/compose/prometheus.yml'), 'utf8')) as { scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[]; rule_files: string[] };
  assert.equal(prom.scrape_configs[0]!.metrics_path, '/metrics');
  assert.deepEqual(prom.scrape_configs[0]!.static_configs[0]!.targets, [`serve:${serveSection.parse({}).port}`]);
  assert.ok(services.prometheus!.volumes!.some((v) => v.endsWith(`:${prom.rule_files[0]}:ro`)), 'the rule file Prometheus loads is mounted');
});
