// Upstream CRDs the traffic-routing e2e tests install in the local control plane: Istio's from
// istio.io/api (kubernetes/customresourcedefinitions.gen.yaml) and Gateway API's from
// sigs.k8s.io/gateway-api (config/crd). Only downloaded into the module cache, never built.
module kanary.invalid/hack/crds

go 1.26.0

require (
	istio.io/api v1.32.0
	sigs.k8s.io/gateway-api v1.6.3
)
