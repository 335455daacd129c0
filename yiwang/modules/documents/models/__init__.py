"""The tables of 公文, one file a part: the documents and their workflow records, 收文, the archive
and the agencies' seals."""

from .archive import *  # noqa: F403
from .documents import *  # noqa: F403
from .incoming import *  # noqa: F403
from .seals import *  # noqa: F403
