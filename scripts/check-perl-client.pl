#!/usr/bin/perl
# Another language's standard client accepts the OpenAPI document: Perl's OpenAPI::Client
# (Debian: apt-get install libopenapi-client-perl) validates it against the OpenAPI 3 schema
# when it loads it, dying on any error, then makes one method per operationId.
# Run by `npm run check:perl-client` (not part of the test suite).
use strict;
use warnings;
use Cwd qw(abs_path);
use OpenAPI::Client;

my $file = abs_path(shift // 'dist/openapi.json');
my $client = OpenAPI::Client->new("file://$file", base_url => 'http://127.0.0.1:3000');
my @routes = $client->validator->routes->each;
my @missing = grep { !$client->can($_) } map { $_->{operation_id} // () } @routes;
die "operations without a method: @missing\n" if @missing;
printf "OpenAPI::Client %s accepted %s: %d operations, a method for each\n", $OpenAPI::Client::VERSION, $file, scalar @routes;
