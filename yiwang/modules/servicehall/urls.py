"""Public URLs of the service hall, mounted at /services/ by the manifest."""


app_name = "servicehall"

urlpatterns: list = []
