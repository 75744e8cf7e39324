// Upstream CRDs the traffic-routing e2e tests install in the local control plane: Istio's from
// istio.io/api (kubernetes/customresourcedefinitions.gen.yaml), Gateway API's from
// sigs.k8s.io/gateway-api (config/crd) and SMI's TrafficSplit from smi-sdk-go (crds/split.yaml;
// v0.4.1 serves v1alpha3, a version Argo Rollouts writes; v0.5.0 serves only v1alpha4) and
// Traefik's TraefikService from traefik/v3 (docs/content/reference/dynamic-configuration/
// traefik.io_traefikservices.yaml: traefik.io/v1alpha1).
// Only downloaded into the module cache, never built.
module kanary.invalid/hack/crds

go 1.26.0

require (
	istio.io/api v1.32.0
	github.com/servicemeshinterface/smi-sdk-go v0.4.1
	github.com/traefik/traefik/v3 v3.7.13
	sigs.k8s.io/gateway-api v1.6.3
)
