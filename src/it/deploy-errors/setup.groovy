import io.fabric8.kubernetes.api.model.StatusCause

def services = java.nio.file.Paths.get(itServices)
dev.k8srun.testing.ItSupport.registry(itRegistryPort as int, services)
def cluster = dev.k8srun.testing.ItSupport.cluster(itKubePort as int, services)
// namespace 'ghost' does not exist; in namespace 'locked' the user may do nothing.
cluster.reject('POST', '/api/v1/namespaces/ghost/pods.*', 404, 'NotFound', 'namespaces "ghost" not found', 10)
['GET', 'POST', 'DELETE'].each { method ->
  cluster.reject(method, '/api/v1/namespaces/locked/.*', 403, 'Forbidden',
      'pods is forbidden: User "dev" cannot access resource "pods" in API group "" in the namespace "locked"', 10)
}
return true
