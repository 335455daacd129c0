"""好差评 of applications: the applicant's rating, the 差评 rectification and the agency's appeal."""

__all__: list[str] = []
