def services = java.nio.file.Paths.get(itServices)
dev.k8srun.testing.ItSupport.registry(itRegistryPort as int, services)
dev.k8srun.testing.ItSupport.cluster(itKubePort as int, services)
return true
