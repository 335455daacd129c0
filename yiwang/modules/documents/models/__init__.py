"""The tables of 公文, one file a part: the documents and their workflow records, 收文 and the archive
(the agencies' seals are the platform's: `yiwang.core.seals`)."""

from .archive import *  # noqa: F403
from .documents import *  # noqa: F403
from .incoming import *  # noqa: F403
