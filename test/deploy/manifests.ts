import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Pod } from 'kubernetes-models/v1/Pod';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { repoRoot } from './repo-root.js';
import { checkArgoWorkflow, checkInferenceService } from './crd-shapes.js';

/** A parsed manifest object (one YAML document). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-free zone: manifests are checked by the validators below, then read structurally by the tests
  data?: Record<string, string>;
  [k: string]: unknown;
}

export function parseManifests(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).map((d, i) => {
    if (d.errors.length) throw new Error(`${source} document ${i}: ${d.errors[0]!.message}`);
    return d.toJS() as K8sObject;
  }).filter((o) => o !== null);
}

export function readManifests(rel: string): K8sObject[] {
  return parseManifests(readFileSync(join(repoRoot, rel), 'utf8'), rel);
}

/** `kubectl kustomize <dir>` (kustomize is built into kubectl), or null with the reason when kubectl is missing. */
export function kustomize(rel: string): { objects: K8sObject[] } | { skip: string } {
  const r = spawnSync('kubectl', ['kustomize', join(repoRoot, rel)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return { skip: 'kubectl is not installed (apt-get install kubectl): rendered overlays not checked' };
  if (r.status !== 0) throw new Error(`kubectl kustomize ${rel} failed: ${r.stderr}`);
  return { objects: parseManifests(r.stdout, `kustomize ${rel}`) };
}

/**
 * Validate one object against the official schema of its kind: Kubernetes kinds through kubernetes-models (the
 * OpenAPI schemas of the API server), the Prometheus Operator's ServiceMonitor and Argo CD's Application through the
 * same library's CRD packages. Argo Workflows and KServe have no package that installs on Node 20 (the only
 * @kubernetes-models/argo-workflows needs Node >= 22; there is none for KServe): their CRD shells are checked
 * structurally (crd-shapes.ts) and every pod-level part they embed (containers, volumes, security contexts) through
 * kubernetes-models' core schemas. Throws with the schema error; returns which validator ran.
 */
export function validateObject(o: K8sObject): string {
  const key = `${o.apiVersion} ${o.kind}`;
  switch (key) {
    case 'apps/v1 Deployment': new Deployment(o as never).validate(); return 'kubernetes-models';
    case 'v1 Service': new Service(o as never).validate(); return 'kubernetes-models';
    case 'v1 ConfigMap': new ConfigMap(o as never).validate(); return 'kubernetes-models';
    case 'v1 ServiceAccount': new ServiceAccount(o as never).validate(); return 'kubernetes-models';
    case 'batch/v1 CronJob': new CronJob(o as never).validate(); return 'kubernetes-models';
    case 'autoscaling/v2 HorizontalPodAutoscaler': new HorizontalPodAutoscaler(o as never).validate(); return 'kubernetes-models';
    case 'policy/v1 PodDisruptionBudget': new PodDisruptionBudget(o as never).validate(); return 'kubernetes-models';
    case 'monitoring.coreos.com/v1 ServiceMonitor': new ServiceMonitor(o as never).validate(); return '@kubernetes-models/prometheus-operator';
    case 'argoproj.io/v1alpha1 Application': new Application(o as never).validate(); return '@kubernetes-models/argo-cd';
    case 'serving.kserve.io/v1beta1 InferenceService': {
      const predictor = checkInferenceService(o);
      new Pod({ metadata: { name: `${o.metadata.name}-predictor` }, spec: predictor } as never).validate();
      return 'structural + kubernetes-models Pod';
    }
    case 'argoproj.io/v1alpha1 Workflow':
    case 'argoproj.io/v1alpha1 CronWorkflow':
    case 'argoproj.io/v1alpha1 WorkflowTemplate': {
      for (const c of checkArgoWorkflow(o)) new Pod({ metadata: { name: `${o.metadata.name}-${c.name}` }, spec: { containers: [c], volumes: [] } } as never).validate();
      return 'structural + kubernetes-models Container';
    }
    default:
      throw new Error(`no validator for ${key} (${o.metadata?.name}): add one before shipping this kind`);
  }
}
