"""Public URLs of 公文, mounted at /documents/ by the manifest."""

app_name = "documents"

urlpatterns: list = []
