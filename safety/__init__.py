"""Input safety shared by every app: upload limits, admin fields that survive bad ids.

Not an app: no models, and it imports none of ours."""
