from tests.kinerja_world import kinerja  # noqa: F401
from tests.perencanaan.conftest import plan  # noqa: F401
