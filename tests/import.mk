# tests of the import area: students import, signup, link endpoint
check_PROGRAMS += tests/http_serve
tests_http_serve_SOURCES = tests/http_serve.c
tests_http_serve_LDADD = libaltc.a $(DEP_LIBS)
