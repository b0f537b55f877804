"""A liveness probe for load balancers and benchmarks (no models, no templates)."""
