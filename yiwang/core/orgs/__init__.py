"""组织机构: administrative divisions and agencies in one tree; staff memberships."""
