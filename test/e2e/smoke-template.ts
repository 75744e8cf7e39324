// An AnalysisTemplate whose one metric is a Job that kwok finishes Complete: an analysis step
// that passes, for tests about what happens around it.
export const SMOKE_TEMPLATE = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: smoke}
spec:
  metrics:
  - name: smoke
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            spec: {restartPolicy: Never, containers: [{name: smoke, image: busybox}]}
`;
