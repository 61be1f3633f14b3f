export { startCluster, freePort, type ClusterOptions, type RunningCluster } from './cluster';
export { provideDatabase, type ProvidedDatabase } from './provide';
