"""Writing sponsors, programs and enrolments. Every change is a service call with an audit
event; bulk changes write one event per call with their counts. Callers import from the
submodule of the concept (`services.sponsors`, `services.setup`, `services.enrolling`,
`services.transitions`, `services.batches`, `services.asn`, `services.lifecycle`,
`services.continuity`); who may do what is `permissions.py`.
"""
