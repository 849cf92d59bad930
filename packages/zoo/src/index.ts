export { listZooModels, readManifest, zooModel, ZOO_MODELS_DIR, type ZooModel } from './zoo.ts';
export { zooEntrySchema, zooManifestSchema, type ZooEntry, type ZooManifest } from './manifest.ts';
export { ZooError } from './errors.ts';
