import { BundleDiff, BundleProblem, BundleValidationReport, ConfigBundle, DeployRequest, DeploymentView, RollbackRequest } from './bundle-api.schema.js';
import { FormDefinition, TenantManifest } from './tenant-manifest.schema.js';
import { TenantSecretParams, TenantSecretPut, TenantSecretView } from './tenant-secret-api.schema.js';

/** Documents of a tenant bundle and the bodies of the configuration API. */
export const configSchemas = [
  TenantManifest, FormDefinition,
  ConfigBundle, DeployRequest, RollbackRequest, BundleDiff, BundleProblem, BundleValidationReport, DeploymentView,
  TenantSecretParams, TenantSecretPut, TenantSecretView,
] as const;
