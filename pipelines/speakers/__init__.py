"""The speaker register: who a printed name means on a given day, and how sure that is.

    from pipelines.speakers import load_register
    register = load_register()  # the corpus register; a path or MUTUALS_REGISTER overrides
    r = register.resolve("The Minister for the Cabinet Office (Mr Francis Maude)",
                         "2011-12-14", house="commons")
    r.person_id, r.party, r.constituency, r.offices, r.method, r.confidence

See `resolver` for the rules, `register` for loading and id lookups, `model` for the
records other code stores.
"""

from __future__ import annotations

from pipelines.speakers.model import Membership, Office, Person, RegisterError, Resolution
from pipelines.speakers.register import Register, load_register, read_register, register_path

__all__ = [
    "Membership",
    "Office",
    "Person",
    "Register",
    "RegisterError",
    "Resolution",
    "load_register",
    "read_register",
    "register_path",
]
