# install.mk -- shared libraries, pkg-config files, `make install` and
# `make uninstall`, `make test-install`; included by the Makefile.
#
#   make install   PREFIX=/usr/local DESTDIR=   (also BINDIR SBINDIR LIBDIR
#                  INCLUDEDIR PKGCONFIGDIR MANDIR)
#   make uninstall (same variables): removes exactly what install wrote
#   make test-install  tests/install_test.sh: install into a temporary DESTDIR,
#                  build against every library with pkg-config, dynamic and static
#
# Per crypto directory DIR (sha3 aes mlkem mldsa fndsa, or those FEATURES keeps):
#   include/aegis/DIR/PUBLIC.h (with DIR_config.h and DIR_namespace.h, which it
#   includes), lib/libaegis-DIR.a, lib/libaegis-DIR.so.VERSION
#   (soname libaegis-DIR.so.MAJOR), lib/pkgconfig/aegis-DIR.pc.
# The shared library exports exactly the functions its public header declares
# (a version script made from the header); mlkem, mldsa and fndsa link
# libaegis-sha3. randombytes() stays the program's (see README.md, Install).

AEGIS_VERSION := $(shell sed -n 's/^\#define AEGIS_VERSION "\(.*\)"/\1/p' msg/version.h)
SOMAJOR       := $(firstword $(subst ., ,$(AEGIS_VERSION)))

PREFIX        ?= /usr/local
DESTDIR       ?=
BINDIR        ?= $(PREFIX)/bin
SBINDIR       ?= $(PREFIX)/sbin
LIBDIR        ?= $(PREFIX)/lib
INCLUDEDIR    ?= $(PREFIX)/include
PKGCONFIGDIR  ?= $(LIBDIR)/pkgconfig
MANDIR        ?= $(PREFIX)/share/man
INSTALL       ?= install

# The one public header of each directory (what a user includes).
PUB_sha3  = sha3/sha3.h
PUB_aes   = aes/aes.h
PUB_mlkem = mlkem/mlkem768.h
PUB_mldsa = mldsa/mldsa65.h
PUB_fndsa = fndsa/fndsa512.h
DESC_sha3  = SHA-3 and SHAKE (FIPS 202)
DESC_aes   = AES-256 and AES-256-GCM (FIPS 197, SP 800-38D)
DESC_mlkem = ML-KEM-768 key encapsulation (FIPS 203)
DESC_mldsa = ML-DSA-65 signatures (FIPS 204)
DESC_fndsa = Falcon-512 signatures (Falcon v1.2, the future FN-DSA)
# The schemes use sha3/ (and the program's randombytes).
SCHEMES    = mlkem mldsa fndsa
needs_sha3 = $(filter $(SCHEMES),$(1))

SHLIB_DIR  = $(B)/shared
SHLIBS     = $(foreach d,$(HAVE_DIRS),$(SHLIB_DIR)/libaegis-$(d).so.$(AEGIS_VERSION))
PCFILES    = $(foreach d,$(HAVE_DIRS),$(SHLIB_DIR)/aegis-$(d).pc)

.PHONY: shared install uninstall test-install
shared: $(SHLIBS) $(PCFILES)

# Position-independent objects for the shared libraries (the static ones keep
# the default objects of $(B)/obj).
$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c $< -o $@
-include $(shell find $(B)/pic -name '*.d' 2>/dev/null)
picobjs = $(patsubst %.c,$(B)/pic/%.o,$(wildcard $(1)/*.c) \
          $(if $(filter x86_64,$(BACKEND)),$(wildcard $(1)/x86_64/*.c) $(call x4objs,$(1))))
# In the backend build a scheme whose x86_64/ code uses sha3/x86_64 (the
# four-way Keccak) carries its own hidden copy of it: libaegis-sha3.so exports
# sha3.h alone in both builds, so the schemes' libraries fit either sha3 build.
x4objs = $(if $(filter-out sha3,$(1)),$(if $(shell grep -l 'sha3/x86_64' $(1)/x86_64/* 2>/dev/null),\
          $(wildcard sha3/x86_64/*.c)))

# The export list: every function the public header declares, except the
# randombytes the program provides.
$(SHLIB_DIR)/aegis-%.map: $$(PUB_$$*)
	@mkdir -p $(dir $@)
	{ echo "{ global:"; \
	  sed -n 's/^[a-z_][a-z0-9_ ]*[ *]\([a-z_][a-z0-9_]*\)(.*/  \1;/p' $< | grep -v ' randombytes;'; \
	  echo "local: *; };"; } > $@

$(SHLIB_DIR)/libaegis-%.so.$(AEGIS_VERSION): $$(call picobjs,$$*) $(SHLIB_DIR)/aegis-%.map install.mk \
    $$(if $$(call needs_sha3,$$*),$(SHLIB_DIR)/libaegis-sha3.so.$(AEGIS_VERSION))
	$(CC) -shared -o $@ $(filter %.o,$^) -Wl,-soname,libaegis-$*.so.$(SOMAJOR) \
	  -Wl,--version-script=$(SHLIB_DIR)/aegis-$*.map \
	  $(if $(call needs_sha3,$*),-L$(SHLIB_DIR) -laegis-sha3) $(LDFLAGS_ALL)
	ln -sf $(notdir $@) $(SHLIB_DIR)/libaegis-$*.so.$(SOMAJOR)
	ln -sf $(notdir $@) $(SHLIB_DIR)/libaegis-$*.so

# pkg-config: Requires.private, because the shared library already names
# libaegis-sha3 (DT_NEEDED) and the header exposes none of it; --static adds it.
# Written on every run: the paths are PREFIX's and LIBDIR's of this make.
.PHONY: pc-always
$(SHLIB_DIR)/aegis-%.pc: pc-always
	@mkdir -p $(dir $@)
	{ echo "prefix=$(PREFIX)"; echo "libdir=$(LIBDIR)"; echo "includedir=$(INCLUDEDIR)"; echo; \
	  echo "Name: aegis-$*"; \
	  echo "Description: Aegis PQ $(DESC_$*)$(if $(call needs_sha3,$*),; the program defines int randombytes(uint8_t *buf$(comma) size_t len))"; \
	  echo "Version: $(AEGIS_VERSION)"; \
	  $(if $(call needs_sha3,$*),echo "Requires.private: aegis-sha3";) \
	  echo "Cflags: -I\$${includedir}"; \
	  echo "Libs: -L\$${libdir} -laegis-$*"; } > $@
comma := ,

# The programs that exist in this build (msg/build.mk adds them to PROGRAMS).
INST_BIN  = $(filter $(B)/aegis,$(PROGRAMS))
INST_SBIN = $(filter $(B)/aegis-relay,$(PROGRAMS))
INST_MAN1 = $(if $(INST_BIN),man/aegis.1)
INST_MAN8 = $(if $(INST_SBIN),man/aegis-relay.8)

install: $(LIBS) shared $(INST_BIN) $(INST_SBIN)
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	@set -e; for d in $(HAVE_DIRS); do \
	  $(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/aegis/$$d; \
	  case $$d in sha3) h=$(PUB_sha3);; aes) h=$(PUB_aes);; mlkem) h=$(PUB_mlkem);; \
	    mldsa) h=$(PUB_mldsa);; fndsa) h=$(PUB_fndsa);; esac; \
	  echo "install $$h ($${d}_config.h, $${d}_namespace.h) -> $(INCLUDEDIR)/aegis/$$d/"; \
	  $(INSTALL) -m 644 $$h $(DESTDIR)$(INCLUDEDIR)/aegis/$$h; \
	  $(INSTALL) -m 644 $$d/$${d}_config.h $$d/$${d}_namespace.h $(DESTDIR)$(INCLUDEDIR)/aegis/$$d/; \
	  $(INSTALL) -m 644 $(B)/lib$$d.a $(DESTDIR)$(LIBDIR)/libaegis-$$d.a; \
	  $(INSTALL) -m 755 $(SHLIB_DIR)/libaegis-$$d.so.$(AEGIS_VERSION) $(DESTDIR)$(LIBDIR)/; \
	  ln -sf libaegis-$$d.so.$(AEGIS_VERSION) $(DESTDIR)$(LIBDIR)/libaegis-$$d.so.$(SOMAJOR); \
	  ln -sf libaegis-$$d.so.$(AEGIS_VERSION) $(DESTDIR)$(LIBDIR)/libaegis-$$d.so; \
	  $(INSTALL) -m 644 $(SHLIB_DIR)/aegis-$$d.pc $(DESTDIR)$(PKGCONFIGDIR)/; \
	  echo "install libaegis-$$d.a libaegis-$$d.so.$(AEGIS_VERSION) aegis-$$d.pc -> $(LIBDIR)"; \
	done
ifneq ($(INST_BIN),)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 $(INST_BIN) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(INST_MAN1) $(DESTDIR)$(MANDIR)/man1/
endif
ifneq ($(INST_SBIN),)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 755 $(INST_SBIN) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 644 $(INST_MAN8) $(DESTDIR)$(MANDIR)/man8/
endif

# Removes the files install writes, then the aegis/ include folders (only if
# empty); the shared prefix folders (bin, lib, ...) are left alone.
uninstall:
	@for d in $(CRYPTO_DIRS); do \
	  rm -f $(DESTDIR)$(LIBDIR)/libaegis-$$d.a $(DESTDIR)$(LIBDIR)/libaegis-$$d.so \
	        $(DESTDIR)$(LIBDIR)/libaegis-$$d.so.$(SOMAJOR) \
	        $(DESTDIR)$(LIBDIR)/libaegis-$$d.so.$(AEGIS_VERSION) \
	        $(DESTDIR)$(PKGCONFIGDIR)/aegis-$$d.pc; \
	  case $$d in sha3) h=$(PUB_sha3);; aes) h=$(PUB_aes);; mlkem) h=$(PUB_mlkem);; \
	    mldsa) h=$(PUB_mldsa);; fndsa) h=$(PUB_fndsa);; esac; \
	  rm -f $(DESTDIR)$(INCLUDEDIR)/aegis/$$h $(DESTDIR)$(INCLUDEDIR)/aegis/$$d/$${d}_config.h \
	        $(DESTDIR)$(INCLUDEDIR)/aegis/$$d/$${d}_namespace.h; \
	  rmdir $(DESTDIR)$(INCLUDEDIR)/aegis/$$d 2>/dev/null || true; \
	done; \
	rmdir $(DESTDIR)$(INCLUDEDIR)/aegis 2>/dev/null || true; \
	rm -f $(DESTDIR)$(BINDIR)/aegis $(DESTDIR)$(SBINDIR)/aegis-relay \
	      $(DESTDIR)$(MANDIR)/man1/aegis.1 $(DESTDIR)$(MANDIR)/man8/aegis-relay.8; \
	echo "uninstalled Aegis PQ $(AEGIS_VERSION) from $(DESTDIR)$(PREFIX)"

test-install: $(LIBS) shared programs
	B=$(B) CC=$(CC) MAKE=$(MAKE) bash tests/install_test.sh
