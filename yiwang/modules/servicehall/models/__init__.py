"""The tables of the service hall, one file a part: the catalogue of service items, the forms
defined as data and the physical hall's queue."""

from .applications import *  # noqa: F403
from .catalogue import *  # noqa: F403
from .forms import *  # noqa: F403
from .queue import *  # noqa: F403
