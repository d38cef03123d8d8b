# features.mk -- build-time algorithm selection, included by the Makefile.
#
#   make FEATURES="mlkem mldsa"      (commas work too; the brief's names kyber,
#                                     dilithium, falcon mean mlkem, mldsa, fndsa)
# builds only those crypto directories and what they need (sha3 for the
# schemes), and says what it left out. kat/genkat (all three schemes, aes for
# the DRBG) and msg/ (every directory) are skipped, with a line saying why,
# unless everything they need is in. FEATURES applies to `make`, `make libs`,
# `make install` and `make test-install`; `make test` wants the full build.
# Empty FEATURES (the default): every directory, as before.

comma := ,
ifneq ($(strip $(FEATURES)),)
FEATURES_ASKED := $(sort $(subst kyber,mlkem,$(subst dilithium,mldsa,$(subst falcon,fndsa,\
                    $(subst $(comma), ,$(FEATURES))))))
FEATURES_BAD   := $(filter-out $(CRYPTO_DIRS),$(FEATURES_ASKED))
ifneq ($(FEATURES_BAD),)
$(error FEATURES: unknown '$(FEATURES_BAD)'; choose from: $(CRYPTO_DIRS) (or kyber dilithium falcon))
endif
FEATURES_DIRS  := $(FEATURES_ASKED) $(if $(filter mlkem mldsa fndsa,$(FEATURES_ASKED)),sha3)
HAVE_DIRS      := $(filter $(FEATURES_DIRS),$(HAVE_DIRS))
FEATURES_OUT   := $(filter-out $(HAVE_DIRS),$(CRYPTO_DIRS))
ifneq ($(FEATURES_OUT),)
$(info FEATURES: building $(HAVE_DIRS); left out: $(FEATURES_OUT))
ifneq ($(filter-out $(HAVE_DIRS),aes mlkem mldsa fndsa sha3),)
MSG_SKIP := 1
$(info FEATURES: skipping msg/ (aegis, aegis-relay, secure_messaging): it needs $(filter-out $(HAVE_DIRS),aes mlkem mldsa fndsa sha3) too)
endif
ifneq ($(filter-out $(HAVE_DIRS),aes mlkem mldsa fndsa),)
KAT_SKIP := 1
$(info FEATURES: skipping kat/genkat: it needs $(filter-out $(HAVE_DIRS),aes mlkem mldsa fndsa) too)
endif
endif
endif
