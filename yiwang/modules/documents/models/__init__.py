"""The tables of 公文, one file a part: the documents and their workflow records, and the agencies' seals."""

from .documents import *  # noqa: F403
from .seals import *  # noqa: F403
