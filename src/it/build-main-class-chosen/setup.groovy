dev.k8srun.testing.ItSupport.registry(itRegistryPort as int, java.nio.file.Paths.get(itServices))
return true
